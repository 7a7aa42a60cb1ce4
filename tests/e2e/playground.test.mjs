// End-to-end: the release bundle in headless Chromium, driven the way a tutorial reader would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPlayground, useBundleInChromium } from './harness.mjs';

const shared = useBundleInChromium();

/** The inspector's entry for call number `n`. */
function call(page, n) {
  return page.getByRole('region', { name: 'Inspector' }).getByRole('listitem', { name: new RegExp(`^Call ${n}:`) });
}

test('create an on-demand stream, watch it go from CREATING to ACTIVE, read the exact wire', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);

  await page.getByRole('textbox', { name: 'Stream name' }).fill('orders');
  const modes = page.getByRole('group', { name: 'Capacity mode' });
  await modes.getByRole('radio', { name: 'On-demand' }).check();
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();

  const stream = page.getByRole('list', { name: 'Streams' }).getByRole('listitem').filter({ hasText: 'orders' });
  await assert.doesNotReject(stream.getByText('CREATING', { exact: true }).waitFor());
  await stream.getByText('ON_DEMAND', { exact: true }).waitFor();
  assert.match(await stream.innerText(), /ACTIVE in \d+ s/);

  const first = call(page, 1);
  await first.getByRole('button', { name: 'Raw request body' }).click();
  const request = await first.locator('.request').innerText();
  assert.match(request, /X-Amz-Target: Kinesis_20131202\.CreateStream/);
  assert.match(request, /Content-Type: application\/x-amz-json-1\.1/);
  assert.ok(request.includes('{"StreamName":"orders","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}'), request);
  const response = await first.locator('.response').innerText();
  assert.match(response, /HTTP\/1\.1 200/);
  assert.match(response, /\(empty body\)/);

  // No waiting: the clock skips to the moment CREATING ends.
  await page.getByRole('button', { name: 'Skip to next transition' }).click();
  await stream.getByText('ACTIVE', { exact: true }).waitFor();
  assert.equal(await stream.getByText('CREATING', { exact: true }).count(), 0);
  assert.match(await stream.innerText(), /4 open shards/);
  assert.ok(await page.getByRole('button', { name: 'Skip to next transition' }).isDisabled());

  assert.deepEqual(errors, []);
  await page.close();
});

test('an invalid name and shard count are sent as typed and get the real ValidationException', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);

  await page.getByRole('textbox', { name: 'Stream name' }).fill('bad name');
  assert.match(await page.locator('#stream-name-hint').innerText(), /ValidationException/);
  await page.getByRole('radio', { name: 'Provisioned' }).check();
  await page.getByRole('spinbutton', { name: 'Shard count', exact: true }).fill('0');
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();

  const first = call(page, 1);
  await first.waitFor();
  await first.getByRole('button', { name: 'Raw request body' }).click();
  assert.ok((await first.locator('.request').innerText())
    .includes('{"StreamName":"bad name","ShardCount":0,"StreamModeDetails":{"StreamMode":"PROVISIONED"}}'));
  assert.match(await first.locator('.exchange-head').innerText(), /400 ValidationException/);
  const body = JSON.parse(await first.locator('.response pre.body').innerText());
  assert.deepEqual(body, {
    __type: 'ValidationException',
    message: "2 validation errors detected: Value '0' at 'shardCount' failed to satisfy constraint: "
      + 'Member must have value greater than or equal to 1; '
      + "Value 'bad name' at 'streamName' failed to satisfy constraint: "
      + 'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+',
  });
  assert.equal(await page.getByRole('list', { name: 'Streams' }).getByRole('listitem').count(), 0);

  // Markup in a name is shown as text, never run.
  await page.getByRole('textbox', { name: 'Stream name' }).fill('<img src=x onerror="window.owned=1">');
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();
  await call(page, 2).waitFor();
  assert.equal(await page.evaluate(() => window.owned), undefined);
  assert.equal(await page.locator('.inspector img').count(), 0);

  assert.deepEqual(errors, []);
  await page.close();
});

test('the page fits a 360 px screen without horizontal scrolling', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url, { width: 360, height: 740 });
  await page.getByRole('textbox', { name: 'Stream name' }).fill('a-rather-long-stream-name-for-a-small-screen');
  await page.getByRole('radio', { name: 'Provisioned' }).check();
  await page.getByRole('spinbutton', { name: 'Shard count', exact: true }).fill('3');
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();
  await call(page, 1).waitFor();
  await page.getByRole('button', { name: 'Skip to next transition' }).click();
  await page.getByRole('button', { name: 'Describe stream' }).click();
  await page.getByRole('region', { name: 'Stream details' }).getByRole('list', { name: 'Open shards' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the keyboard alone creates a stream and skips the wait', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await page.getByRole('textbox', { name: 'Stream name' }).focus();
  await page.keyboard.type('typed');
  await page.keyboard.press('Enter'); // submits the form
  const stream = page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name: 'typed' });
  await stream.getByText('CREATING', { exact: true }).waitFor();
  const skip = page.getByRole('button', { name: 'Skip to next transition' });
  for (let i = 0; i < 40 && !(await skip.evaluate((b) => b === document.activeElement)); i++) {
    await page.keyboard.press('Shift+Tab');
  }
  assert.ok(await skip.evaluate((b) => b === document.activeElement), 'Skip to next transition is reachable by Tab');
  const outline = await skip.evaluate((b) => getComputedStyle(b).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('Enter');
  await stream.getByText('ACTIVE', { exact: true }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});
