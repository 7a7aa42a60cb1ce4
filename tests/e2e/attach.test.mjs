// Attach mode, as a workshop uses it: kinesis-endpoint runs locally, an attendee drives it with the
// AWS CLI in a terminal, and the playground (?endpoint=…) shows the streams as they change and
// sends its own calls to the same endpoint.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { launch, openPlayground, root, serve, startEndpoint } from './harness.mjs';

let endpoint;
let endpointUrl;
let server;
let browser;

before(async () => {
  // Long enough for a polling round (about a second) and a CLI call to see each status.
  endpoint = await startEndpoint(['--create-stream-ms', '4000', '--update-stream-ms', '4000', '--delete-stream-ms', '4000']);
  endpointUrl = endpoint.url;
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  endpoint?.stop();
});

/** The AWS CLI from the project's .venv (scripts/setup.sh), against the endpoint. */
async function aws(...args) {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  const { stdout } = await promisify(execFile)(join(root, '.venv/bin/aws'),
    ['--endpoint-url', endpointUrl, '--output', 'json', 'kinesis', ...args], { env });
  return stdout ? JSON.parse(stdout) : null;
}

function stream(page, name) {
  return page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name, exact: true });
}

test('streams made with the AWS CLI show up and change; calls from the page reach the endpoint', async () => {
  const { page, errors } = await openPlayground(browser.context, `${server.url}?endpoint=${encodeURIComponent(endpointUrl)}`);
  await page.getByText(`Attached to ${endpointUrl}/`).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Skip to next transition' }).count(), 0, 'no simulated clock');

  await aws('create-stream', '--stream-name', 'from-cli', '--stream-mode-details', 'StreamMode=ON_DEMAND');
  await stream(page, 'from-cli').getByText('CREATING', { exact: true }).waitFor();
  await stream(page, 'from-cli').getByText('ACTIVE', { exact: true }).waitFor();
  const limits = page.getByRole('region', { name: 'Account limits' });
  const figure = (name) => limits.locator('.figure').filter({ has: page.getByText(name, { exact: true }) }).locator('dd');
  await figure('OnDemandStreamCount').getByText('1', { exact: true }).waitFor(); // DescribeLimits, every fifth round

  // The page's own call goes to the endpoint, and the CLI sees its effect.
  await stream(page, 'from-cli').getByRole('button', { name: 'Switch to provisioned' }).click();
  const call = page.getByRole('region', { name: 'Inspector' }).getByRole('listitem').first();
  await call.getByText('UpdateStreamMode', { exact: true }).waitFor();
  await call.getByText('200 OK').waitFor();
  const summary = await aws('describe-stream-summary', '--stream-name', 'from-cli');
  assert.equal(summary.StreamDescriptionSummary.StreamStatus, 'UPDATING');
  await stream(page, 'from-cli').getByText('UPDATING', { exact: true }).waitFor();
  await stream(page, 'from-cli').getByText('PROVISIONED', { exact: true }).waitFor();

  // The detail view draws the shards ListShards reports.
  await stream(page, 'from-cli').getByRole('button', { name: 'Describe stream' }).click();
  const detail = page.getByRole('region', { name: 'Stream details' });
  const { Shards: shards } = await aws('list-shards', '--stream-name', 'from-cli');
  await detail.locator('.shards-table tbody tr').nth(shards.length - 1).waitFor();
  assert.equal(await detail.locator('.shards-table tbody tr').count(), shards.length);
  assert.equal(await detail.locator('.shards-table tbody tr td').first().innerText(), shards[0].ShardId);

  // A stream deleted in the terminal goes from the page.
  await aws('delete-stream', '--stream-name', 'from-cli');
  await stream(page, 'from-cli').getByText('DELETING', { exact: true }).waitFor();
  await stream(page, 'from-cli').waitFor({ state: 'detached' });
  await page.getByText('Stream from-cli is deleted.').waitFor({ state: 'attached' });
  // Chromium logs every 4xx answer to fetch; the API's errors (a stream gone while it was being
  // described) are answers, not failures of the page.
  assert.deepEqual(errors.filter((e) => !/^Failed to load resource: the server responded with a status of 400/.test(e)), []);
  await page.close();
});

test('an endpoint that does not answer, or an address that is not one, is said plainly', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}?endpoint=${encodeURIComponent('http://127.0.0.1:1')}`);
  await page.getByRole('alert').getByText(/Cannot use http:\/\/127\.0\.0\.1:1\/: nothing answered\. Is kinesis-endpoint running there\?/).waitFor();

  let dialogs = 0;
  page.on('dialog', (dialog) => { dialogs += 1; dialog.dismiss(); });
  for (const hostile of ['javascript:alert(1)', 'http://127.0.0.1"><img src=x onerror=alert(1)>']) {
    await page.goto(`${server.url}?endpoint=${encodeURIComponent(hostile)}`);
    await page.getByRole('alert').getByText(/is not an endpoint address; use one like http:\/\/127\.0\.0\.1:4567\./).waitFor();
    assert.equal(await page.locator('img').count(), 0);
  }
  assert.equal(dialogs, 0);
  await page.getByRole('link', { name: 'Open the simulator instead' }).click();
  await page.getByRole('button', { name: 'Skip to next transition' }).waitFor();
  assert.equal(new URL(page.url()).search, '');
  await page.close();
});
