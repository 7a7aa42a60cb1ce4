// A page on one origin calls the local endpoint on another, as the playground or a docs page
// would: the browser's CORS preflight must pass and the answer must be readable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, serve, startEndpoint } from './harness.mjs';

let endpoint;
let endpointUrl;
let page;
let browser;

before(async () => {
  endpoint = await startEndpoint(['--create-stream-ms', '0']);
  endpointUrl = endpoint.url;
  const dir = mkdtempSync(join(tmpdir(), 'cors-page-'));
  writeFileSync(join(dir, 'index.html'), '<!DOCTYPE html><title>docs page</title><link rel="icon" href="data:,">');
  page = await serve(dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await page?.close();
  endpoint?.stop();
});

test('a page on another origin creates and describes a stream', async () => {
  const tab = await browser.context.newPage();
  await tab.goto(page.url);
  const results = await tab.evaluate(async (url) => {
    const call = async (operation, body) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `Kinesis_20131202.${operation}`,
          'X-Amz-Date': '20231114T221320Z',
          Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/kinesis/aws4_request, '
            + 'SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc',
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, requestId: response.headers.get('x-amzn-RequestId'), body: await response.text() };
    };
    return [
      await call('CreateStream', { StreamName: 'from-a-page', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }),
      await call('DescribeStreamSummary', { StreamName: 'from-a-page' }),
    ];
  }, endpointUrl);
  assert.equal(results[0].status, 200);
  assert.equal(results[0].body, '');
  assert.match(results[0].requestId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(results[1].status, 200);
  assert.equal(JSON.parse(results[1].body).StreamDescriptionSummary.StreamModeDetails.StreamMode, 'ON_DEMAND');
  await tab.close();
});
