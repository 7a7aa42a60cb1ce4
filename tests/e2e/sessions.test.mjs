// Sessions are never lost: a share link opens beside the reader's own session and "Back to my
// session" returns to it intact; embeds that differ in anything that changes their content keep
// sessions of their own; a refused link changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { root, useBundleInChromium } from './harness.mjs';

const shared = useBundleInChromium();
const OWN = 'kinesis-playground.session';
// A stored share link: its session has the streams orders.v1-eu and logs.
const LINK = readFileSync(join(root, 'tests/golden/share-links/v1-capacity-mode-switches.txt'), 'utf8').split('\n')[0];

function stream(page, name) {
  return page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name, exact: true });
}

async function streamNames(page) {
  return page.getByRole('list', { name: 'Streams' }).locator('.stream-name').allInnerTexts();
}

async function create(page, name) {
  await page.getByRole('textbox', { name: 'Stream name' }).fill(name);
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();
  await stream(page, name).waitFor();
}

/**
 * A page whose clock stands still unless the test moves it, so that nothing is saved behind the
 * test's back, with empty storage; `errors` collects console and page errors.
 */
async function freshPage(t) {
  const page = await shared.browser.context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  t.after(() => page.close());
  await page.clock.install({ time: new Date('2026-01-01T00:00:00Z') });
  await page.goto(shared.server.url);
  await page.evaluate(() => localStorage.clear());
  return { page, errors };
}

/** Loads `address` afresh, as a reload or a host page's iframe would, never as a fragment change. */
async function load(page, address) {
  await page.goto('about:blank');
  await page.goto(address);
  await page.getByRole('button', { name: 'Skip to next transition' }).waitFor();
}

const own = (page) => page.evaluate((key) => localStorage.getItem(key), OWN);

test('a share link opens beside my session; Back to my session finds it intact, also after a reload', async (t) => {
  const { page, errors } = await freshPage(t);
  await load(page, shared.server.url);
  await create(page, 'mine');
  const mine = await own(page);
  assert.ok(mine, 'my session is saved');

  await load(page, `${shared.server.url}#${LINK}`);
  const notice = page.getByRole('region', { name: 'Shared session' });
  await notice.getByText(/^You are looking at a shared session\./).waitFor();
  await stream(page, 'orders.v1-eu').waitFor();
  assert.deepEqual((await streamNames(page)).sort(), ['logs', 'orders.v1-eu']);
  assert.equal(new URL(page.url()).hash, '', 'the link leaves the address');

  // Changes to the shared session are kept apart from mine, also across a reload.
  await create(page, 'tried-out');
  await page.reload();
  await notice.waitFor();
  await stream(page, 'tried-out').waitFor();
  assert.equal(await own(page), mine, 'my session is untouched');

  await notice.getByRole('button', { name: 'Back to my session' }).click();
  await stream(page, 'mine').waitFor();
  assert.deepEqual(await streamNames(page), ['mine']);
  assert.equal(await notice.count(), 0);
  await page.reload();
  await stream(page, 'mine').waitFor();
  assert.equal(await notice.count(), 0, 'back for good');
  assert.deepEqual(errors, []);
});

test('a link pasted into the address of the open page: same rule, and it becomes mine only when I say so', async (t) => {
  const { page, errors } = await freshPage(t);
  await load(page, shared.server.url);
  await create(page, 'mine');
  const mine = await own(page);
  await page.evaluate((link) => { location.hash = link; }, LINK);
  const notice = page.getByRole('region', { name: 'Shared session' });
  await notice.getByText(/^You are looking at a shared session\./).waitFor();
  await stream(page, 'orders.v1-eu').waitFor();
  await page.clock.runFor(30_000); // the clock's periodic saves go to the shared session
  assert.equal(await own(page), mine);

  await notice.getByRole('button', { name: 'Make it my session' }).click();
  await notice.waitFor({ state: 'detached' });
  await page.reload();
  await stream(page, 'orders.v1-eu').waitFor();
  assert.equal(await stream(page, 'mine').count(), 0, 'replaced, as asked');
  assert.equal(await notice.count(), 0);
  assert.deepEqual(errors, []);
});

test('Open in full playground from an embed opens beside my own session there', async (t) => {
  const { page, errors } = await freshPage(t);
  await load(page, shared.server.url);
  await create(page, 'mine');
  await load(page, `${shared.server.url}?embed=1`);
  await create(page, 'from-the-embed');
  const [full] = await Promise.all([
    shared.browser.context.waitForEvent('page'),
    page.getByRole('button', { name: 'Open in full playground' }).click(),
  ]);
  t.after(() => full.close());
  const notice = full.getByRole('region', { name: 'Shared session' });
  await notice.getByText(/^You are looking at a shared session\./).waitFor();
  await stream(full, 'from-the-embed').waitFor();
  await notice.getByRole('button', { name: 'Back to my session' }).click();
  await stream(full, 'mine').waitFor();
  assert.deepEqual(await streamNames(full), ['mine']);
  assert.deepEqual(errors, []);
});

test('a damaged link changes nothing: my session stays on screen and in storage', async (t) => {
  const { page } = await freshPage(t);
  await load(page, shared.server.url);
  await create(page, 'mine');
  await page.evaluate(() => { location.hash = 's=1.not-a-real-link'; });
  await page.getByRole('alert').getByText('The share link is damaged or incomplete. Your session is unchanged.').waitFor();
  assert.deepEqual(await streamNames(page), ['mine']);
  await page.clock.runFor(30_000);
  await load(page, `${shared.server.url}#s=7.AAAA`);
  await page.getByRole('alert').getByText(/newer version of the playground.*Your session is unchanged\.$/).waitFor();
  await stream(page, 'mine').waitFor();
  await page.reload();
  await stream(page, 'mine').waitFor();
  assert.deepEqual(await streamNames(page), ['mine']);
});

test('a link that inflates past its limit is refused as damaged, in a moment', async (t) => {
  const { page, errors } = await freshPage(t);
  await load(page, shared.server.url);
  await create(page, 'mine');
  // 64 MiB of spaces deflate to about 64 KB; the page stops inflating at 16 MiB.
  const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024, 32), { level: 9 }).toString('base64url');
  await page.evaluate((payload) => { location.hash = `s=1.${payload}`; }, bomb);
  await page.getByRole('alert').getByText('The share link is damaged or incomplete. Your session is unchanged.').waitFor();
  assert.deepEqual(await streamNames(page), ['mine']);
  assert.deepEqual(errors, []);
});

test('embeds that differ in theme, ctl or scenario keep sessions of their own', async (t) => {
  const { page, errors } = await freshPage(t);
  const base = `${shared.server.url}?embed=1&view=streams`;
  await load(page, `${base}&theme=light`);
  await create(page, 'light-one');
  await load(page, `${base}&theme=dark`);
  assert.deepEqual(await streamNames(page), []);
  await create(page, 'dark-one');
  await page.goto('about:blank');
  await page.goto(`${base}&ctl=1`);
  await page.getByRole('button', { name: 'Load the Kinesis playground' }).click();
  await page.getByRole('button', { name: 'Skip to next transition' }).waitFor();
  assert.deepEqual(await streamNames(page), []);
  await load(page, `${base}&theme=light`);
  assert.deepEqual(await streamNames(page), ['light-one'], 'after the others, still its own');
  await load(page, `${base}&theme=dark`);
  assert.deepEqual(await streamNames(page), ['dark-one']);

  // A scenario is where an embed starts: a reload continues the reader's session.
  await load(page, `${base}&scenario=first-on-demand-stream`);
  await stream(page, 'orders').waitFor();
  await create(page, 'reader-one');
  await load(page, `${base}&scenario=first-on-demand-stream`);
  await page.getByRole('region', { name: 'Scenario' }).getByText('Scenario: Your first on-demand stream').waitFor();
  assert.deepEqual((await streamNames(page)).sort(), ['orders', 'reader-one']);
  await load(page, `${base}&scenario=switch-capacity-modes`);
  await stream(page, 'clicks').waitFor();
  assert.equal(await stream(page, 'reader-one').count(), 0);
  assert.deepEqual(errors.filter((e) => !e.includes('404')), []);
});

test('an embed that starts from a share link keeps the reader changes across reloads', async (t) => {
  const { page, errors } = await freshPage(t);
  const src = `${shared.server.url}?embed=1#${LINK}`;
  await load(page, src);
  await stream(page, 'orders.v1-eu').waitFor();
  assert.equal(await page.getByRole('region', { name: 'Shared session' }).count(), 0, 'the author chose it: no notice');
  await create(page, 'extra');
  await load(page, src);
  await stream(page, 'extra').waitFor();
  await load(page, `${shared.server.url}?embed=1`);
  assert.deepEqual(await streamNames(page), [], 'another start, another session');
  assert.deepEqual(errors, []);
});

test('id= names an embed session: the same id shares it whatever the look, another id does not', async (t) => {
  const { page, errors } = await freshPage(t);
  await load(page, `${shared.server.url}?embed=1&id=intro&theme=light`);
  await create(page, 'kept-by-id');
  await load(page, `${shared.server.url}?embed=1&id=intro&theme=dark&view=streams`);
  await stream(page, 'kept-by-id').waitFor();
  await load(page, `${shared.server.url}?embed=1&id=outro&theme=light`);
  assert.deepEqual(await streamNames(page), []);
  assert.deepEqual(errors, []);
});

test('two tabs: the one left behind stops saving, so it never writes over the other', async (t) => {
  const first = await freshPage(t);
  await load(first.page, shared.server.url);
  await create(first.page, 'from-the-first-tab');
  // A second tab of the same browser, storage kept.
  const second = { page: await shared.browser.context.newPage(), errors: [] };
  second.page.on('pageerror', (err) => second.errors.push(String(err)));
  t.after(() => second.page.close());
  await second.page.clock.install({ time: new Date('2026-01-01T00:00:00Z') });
  await load(second.page, shared.server.url);
  await stream(second.page, 'from-the-first-tab').waitFor();
  await create(second.page, 'from-the-second-tab');
  // The first tab hears of it, says so, and its clock ticks no longer save its older session.
  await first.page.getByRole('alert').getByText('This session was changed in another tab').waitFor();
  await first.page.clock.runFor(30_000);
  await second.page.reload();
  await stream(second.page, 'from-the-second-tab').waitFor();
  assert.deepEqual((await streamNames(second.page)).sort(), ['from-the-first-tab', 'from-the-second-tab']);
  assert.deepEqual([...first.errors, ...second.errors], []);
});
