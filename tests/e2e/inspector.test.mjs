// The inspector as a reader meets it: one line per call with the newest open, long bodies cut
// short until asked, one tab stop per JSON body, and copy buttons that say what really happened,
// in a frame the browser lets copy and in one it does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPlayground, serve, useBundleInChromium } from './harness.mjs';

const shared = useBundleInChromium();

function inspector(page) {
  return page.getByRole('region', { name: 'Inspector' });
}

function call(page, n) {
  return inspector(page).getByRole('listitem', { name: new RegExp(`^Call ${n}:`) });
}

async function send(page, operation, body) {
  const console = page.getByRole('region', { name: 'Request console' });
  await console.getByRole('combobox', { name: 'Operation' }).selectOption(operation);
  await console.getByRole('textbox', { name: 'Request body' }).fill(JSON.stringify(body));
  await console.getByRole('button', { name: 'Send request' }).click();
}

/** Every element the Tab key stops at, and how many of them are JSON members. */
async function tabStops(page) {
  return page.evaluate(() => {
    const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
      .filter((e) => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0);
    return { all: focusable.length, members: focusable.filter((e) => e.classList.contains('member')).length };
  });
}

test('the model documentation, fetched once the page has started, reaches bodies drawn before it', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await send(page, 'CreateStream', { StreamName: 'late', ShardCount: 1 });
  await page.getByRole('button', { name: 'Skip to next transition' }).click();
  await send(page, 'DescribeStreamSummary', { StreamName: 'late' });
  const documented = () => call(page, 2).locator('.response .member.documented');
  await documented().first().waitFor();
  const before = await documented().allInnerTexts();
  // After a reload the session is replayed and the newest call drawn before the documentation
  // is fetched (it is fetched after the first render): it must still come to show it.
  await page.reload();
  await documented().first().waitFor();
  assert.deepEqual(await documented().allInnerTexts(), before);
  assert.match(await documented().first().getAttribute('title'), /^\S/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('one line per call, the newest open; a 300-shard DescribeStream stays short until asked', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await send(page, 'CreateStream', { StreamName: 'wide', ShardCount: 300 });
  await page.getByRole('button', { name: 'Skip to next transition' }).click();
  await send(page, 'DescribeStream', { StreamName: 'wide' });
  await send(page, 'ListShards', { StreamName: 'wide' });
  await send(page, 'DescribeStreamSummary', { StreamName: 'nope' });
  await call(page, 4).waitFor();

  // Each call is one line: time, operation, status (and exception), duration, size.
  const heads = inspector(page).locator('.exchange-head');
  assert.equal(await heads.count(), 4);
  assert.deepEqual(await heads.evaluateAll((all) => all.map((h) => h.getAttribute('aria-expanded'))),
    ['true', 'false', 'false', 'false']);
  assert.match(await heads.nth(0).innerText(),
    /^#4\s+\d\d:\d\d:\d\d\s+DescribeStreamSummary\s+400 ResourceNotFoundException\s+(<0\.1|\d+(\.\d)?) ms\s+\d+ B$/);
  assert.match(await heads.nth(2).innerText(), /^#2\s+\d\d:\d\d:\d\d\s+DescribeStream\s+200 OK\s+\S+ ms\s+\d{5} B$/);
  assert.equal(await inspector(page).locator('.exchange-body').count(), 1, 'only the newest is open');
  // The inspector's own height: the page's is set by the side column (the start panel, Traffic).
  const height = await inspector(page).evaluate((region) => region.scrollHeight);
  assert.ok(height < 1200, `the inspector is ${height} px tall`);

  // An older call opens on demand; its long shard list shows three shards, then all of them.
  const describe = call(page, 2);
  await describe.getByRole('button', { expanded: false }).click();
  assert.equal(await describe.locator('.exchange-head').getAttribute('aria-expanded'), 'true');
  assert.equal(await heads.nth(0).getAttribute('aria-expanded'), 'true', 'the newest stays open');
  const response = describe.locator('.response');
  assert.match(await response.locator('.elided').innerText(), /… 97 more/);
  assert.equal(await response.locator('.member', { hasText: '"ShardId"' }).count(), 3);
  await response.getByRole('button', { name: 'Show all of the response body (97 more items)' }).click();
  assert.equal(await response.locator('.member', { hasText: '"ShardId"' }).count(), 100);

  // Raw, too, is cut short; shown whole it is the size the line says.
  await describe.getByRole('button', { name: 'Raw response body' }).click();
  const more = response.getByRole('button', { name: /^Show all of the response body \(\d+ more bytes\)$/ });
  await more.click();
  const raw = await response.locator('pre.raw').innerText();
  assert.equal(JSON.parse(raw).StreamDescription.Shards.length, 100);
  assert.match(await heads.nth(2).innerText(), new RegExp(`\\s${Buffer.byteLength(raw)} B$`));

  await describe.locator('.exchange-head').click();
  assert.equal(await describe.locator('.exchange-body').count(), 0, 'closed again');
  assert.deepEqual(errors, []);
  await page.close();
});

test('JSON members are one tab stop per body; the arrow keys move between them', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await send(page, 'CreateStream', { StreamName: 'keys', ShardCount: 1 });
  await page.getByRole('button', { name: 'Skip to next transition' }).click();
  for (const operation of ['DescribeStreamSummary', 'DescribeStream', 'ListShards', 'DescribeLimits']) {
    await send(page, operation, operation === 'DescribeLimits' ? {} : { StreamName: 'keys' });
  }
  await call(page, 5).waitFor();
  await call(page, 4).locator('.exchange-head').click(); // ListShards, open beside the newest
  const { all, members } = await tabStops(page);
  assert.ok(members <= 4, `${members} of ${all} tab stops are JSON members`);

  const response = call(page, 4).locator('.response');
  const documented = response.locator('.member.documented');
  await documented.first().waitFor();
  const names = await documented.allInnerTexts();
  assert.ok(names.length > 3, names.join());
  const stop = response.locator('.member.documented[tabindex="0"]');
  assert.equal(await stop.count(), 1);
  assert.equal(await stop.innerText(), '"Shards"');
  await stop.focus();
  const doc = () => response.locator('.member-doc').innerText();
  assert.equal(await doc(), await documented.first().getAttribute('data-doc'));
  await page.keyboard.press('ArrowDown');
  const focused = () => page.evaluate(() => document.activeElement.textContent);
  assert.equal(await focused(), names[1]);
  assert.equal(await doc(), await documented.nth(1).getAttribute('data-doc'));
  assert.equal(await stop.innerText(), names[1], 'the stop moves along');
  await page.keyboard.press('End');
  assert.equal(await focused(), names.at(-1));
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), names.at(-1), 'End is the last');
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(), names.at(-2));
  await page.keyboard.press('Home');
  assert.equal(await focused(), '"Shards"');
  // Tab leaves the body instead of walking through its members.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('member')), false);
  assert.deepEqual(errors, []);
  await page.close();
});

test('"Link copied." moves no button', async () => {
  await shared.browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await send(page, 'CreateStream', { StreamName: 'still', ShardCount: 1 });
  const share = page.getByRole('button', { name: 'Copy share link' });
  const reset = page.getByRole('button', { name: 'Reset' });
  // Measured at the top of the page, where the click will not scroll it.
  await page.evaluate(() => window.scrollTo(0, 0));
  const before = [await share.boundingBox(), await reset.boundingBox()];
  await share.click();
  await page.getByText('Link copied.').waitFor();
  assert.deepEqual([await share.boundingBox(), await reset.boundingBox()], before);
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /#s=1\./);
  assert.deepEqual(errors, []);
  await page.close();
});

/**
 * A page on another origin that embeds the playground, with `allow` on its frame or none; it
 * closes when test `t` ends. Console errors of the page and its frame are collected.
 */
async function embedded(t, allow) {
  const dir = mkdtempSync(join(tmpdir(), 'inspector-host-'));
  const attribute = allow ? ` allow="${allow}"` : '';
  writeFileSync(join(dir, 'index.html'), `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
    <title>Docs</title><link rel="icon" href="data:,"></head><body>
    <iframe src="${shared.server.url}?embed=1" title="playground"${attribute}
      style="width: 1200px; height: 800px"></iframe></body></html>`);
  const host = await serve(dir);
  const page = await shared.browser.context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  t.after(async () => { await page.close(); await host.close(); });
  await page.goto(host.url);
  const frame = page.frameLocator('iframe');
  await frame.getByRole('button', { name: 'Create stream', exact: true }).waitFor();
  await frame.getByRole('textbox', { name: 'Stream name' }).fill('orders');
  await frame.getByRole('radio', { name: 'On-demand' }).check();
  await frame.getByRole('button', { name: 'Create stream', exact: true }).click();
  return { page, frame, errors };
}

const command = 'aws kinesis create-stream --stream-name orders --stream-mode-details StreamMode=ON_DEMAND';

test('a frame without clipboard-write: copying says it was refused and offers the text, selected', async (t) => {
  const { frame, errors } = await embedded(t, null);
  const newest = frame.getByRole('region', { name: 'Inspector' }).getByRole('listitem').first();
  await newest.getByRole('button', { name: 'Copy as AWS CLI' }).click();
  await newest.getByText('The browser did not let the page copy.', { exact: false }).waitFor();
  assert.equal(await newest.getByText('Copied the AWS CLI command.').count(), 0);
  const field = newest.getByRole('textbox', { name: 'The AWS CLI command to copy' });
  assert.equal(await field.inputValue(), command);
  assert.deepEqual(await field.evaluate((f) => [document.activeElement === f, f.selectionStart, f.selectionEnd, f.readOnly]),
    [true, 0, command.length, true]);

  await frame.getByRole('button', { name: 'Copy share link' }).click();
  const link = frame.getByRole('textbox', { name: 'The share link to copy' });
  await link.waitFor();
  assert.match(await link.inputValue(), /^http:\/\/127\.0\.0\.1:\d+\/.*#s=1\.[A-Za-z0-9_-]+$/);
  assert.equal(await frame.getByText('Link copied.').count(), 0);
  assert.deepEqual(errors, [], 'no uncaught promise errors');
});

test('a frame with allow="clipboard-write" copies, and says so', async (t) => {
  await shared.browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { page, frame, errors } = await embedded(t, 'clipboard-write');
  const newest = frame.getByRole('region', { name: 'Inspector' }).getByRole('listitem').first();
  await newest.getByRole('button', { name: 'Copy as AWS CLI' }).click();
  await newest.getByText('Copied the AWS CLI command.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), command);
  assert.equal(await newest.getByRole('textbox').count(), 0);
  assert.deepEqual(errors, []);
});

test("a record's Data shows decoded under its base64, text or hex", async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await send(page, 'CreateStream', { StreamName: 'orders', ShardCount: 1 });
  await page.getByRole('button', { name: 'Skip to next transition' }).click();
  await send(page, 'PutRecords', {
    StreamName: 'orders',
    Records: [{ Data: 'aGVsbG8=', PartitionKey: 'a' }, { Data: '//79', PartitionKey: 'b' }],
  });
  const open = call(page, 2);
  await open.getByText('// decoded, 5 bytes of UTF-8 text: hello').waitFor();
  await open.getByText('// decoded, 3 bytes, not text: ff fe fd').waitFor();
  // The body's own text is unchanged: the note is beside it.
  assert.ok((await open.locator('pre.body').first().innerText()).includes('"Data": "aGVsbG8="'));
  assert.deepEqual(errors, []);
  await page.close();
});
