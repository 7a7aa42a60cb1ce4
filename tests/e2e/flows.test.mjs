// End-to-end flows of the playground in Chromium: capacity-mode switches and their 24-hour limit,
// resharding, deletion, the clock's controls, and a session that survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { drawn, openPlayground, root, useBundleInChromium } from './harness.mjs';

const shared = useBundleInChromium();

function stream(page, name) {
  return page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name, exact: true });
}

function newestCall(page) {
  return page.getByRole('region', { name: 'Inspector' }).getByRole('listitem').first();
}

async function create(page, name, { mode = 'On-demand', shards = '' } = {}) {
  await page.getByRole('textbox', { name: 'Stream name' }).fill(name);
  await page.getByRole('radio', { name: mode }).check();
  if (shards) await page.getByRole('spinbutton', { name: 'Shard count', exact: true }).fill(shards);
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();
  await stream(page, name).getByText('CREATING', { exact: true }).waitFor();
}

async function skip(page) {
  await page.getByRole('button', { name: 'Skip to next transition' }).click();
}

test('switch capacity modes through UPDATING until the 24-hour limit says no', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await create(page, 'orders');
  await skip(page);
  const orders = stream(page, 'orders');
  await orders.getByText('ACTIVE', { exact: true }).waitFor();

  await orders.getByRole('button', { name: 'Switch to provisioned' }).click();
  await orders.getByText('UPDATING', { exact: true }).waitFor();
  assert.match(await orders.innerText(), /ON_DEMAND/, 'the mode flips when UPDATING ends');
  assert.match(await newestCall(page).innerText(), /UpdateStreamMode[\s\S]*200 OK/);
  await skip(page);
  await orders.getByText('PROVISIONED', { exact: true }).waitFor();
  assert.match(await orders.innerText(), /ACTIVE/);
  assert.match(await orders.innerText(), /4 open shards/, 'the shard count is kept');

  await orders.getByRole('button', { name: 'Switch to on-demand' }).click();
  await orders.getByText('UPDATING', { exact: true }).waitFor();
  await skip(page);
  await orders.getByText('ON_DEMAND', { exact: true }).waitFor();

  await orders.getByRole('button', { name: 'Switch to provisioned' }).click();
  await newestCall(page).getByText('400 LimitExceededException').waitFor();
  assert.match(await newestCall(page).innerText(), /switched capacity mode 2 times in the last 24 hours/);
  assert.match(await orders.innerText(), /ACTIVE/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('update the shard count of a provisioned stream, then delete it', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await create(page, 'logs', { mode: 'Provisioned', shards: '2' });
  await skip(page);
  const logs = stream(page, 'logs');
  await logs.getByText('2 open shards').waitFor();

  await logs.getByRole('spinbutton', { name: 'Target shard count' }).fill('3');
  await logs.getByRole('button', { name: 'Update shard count' }).click();
  await logs.getByText('UPDATING', { exact: true }).waitFor();
  await newestCall(page).getByRole('button', { name: 'Raw response body' }).click();
  assert.ok((await newestCall(page).innerText())
    .includes('{"CurrentShardCount":2,"StreamName":"logs","TargetShardCount":3}'));
  await skip(page);
  await logs.getByText('3 open shards').waitFor();
  const limits = page.getByRole('region', { name: 'Account limits' });
  assert.match(await limits.innerText(), /OpenShardCount\s*3/);

  await logs.getByRole('button', { name: 'Delete stream' }).click();
  await logs.getByText('DELETING', { exact: true }).waitFor();
  assert.match(await logs.innerText(), /gone in \d+ s/);
  await skip(page);
  await logs.waitFor({ state: 'detached' });
  assert.match(await limits.innerText(), /OpenShardCount\s*0/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('pause freezes the countdown; 10x speeds it up', async () => {
  const page = await shared.browser.context.newPage();
  await page.clock.install({ time: new Date('2026-01-01T00:00:00Z') });
  await page.goto(shared.server.url);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await create(page, 'clocked');
  const clocked = stream(page, 'clocked');
  const countdown = clocked.locator('.countdown');
  await page.clock.runFor(10_000);
  assert.match(await countdown.innerText(), /^ACTIVE in 2[01] s$/);

  await page.getByRole('button', { name: 'Pause' }).click();
  const frozen = await countdown.innerText();
  const frozenTime = await page.locator('.clock-now').innerText();
  await page.clock.runFor(10_000);
  assert.equal(await countdown.innerText(), frozen);
  assert.equal(await page.locator('.clock-now').innerText(), frozenTime);

  await page.getByRole('button', { name: 'Resume' }).click();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  await page.clock.runFor(2_500); // 25 s of simulation time at 10x: CREATING is over
  await clocked.getByText('ACTIVE', { exact: true }).waitFor();
  await page.close();
});

test('a reload keeps the session; a damaged saved session gives a message and a fresh start', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await create(page, 'kept', { mode: 'Provisioned', shards: '1' });
  await skip(page);
  await page.reload();
  await stream(page, 'kept').getByText('ACTIVE', { exact: true }).waitFor();
  await drawn(page);
  assert.equal(await page.getByRole('region', { name: 'Inspector' }).getByRole('listitem').count(), 1);

  await page.evaluate(() => localStorage.setItem('kinesis-playground.session', '{"version":1,"events":[tru'));
  await page.reload();
  await page.getByRole('alert').getByText('could not be read').waitFor();
  assert.equal(await page.getByRole('list', { name: 'Streams' }).getByRole('listitem').count(), 0);
  await page.getByRole('button', { name: 'Dismiss' }).click();

  await create(page, 'gone-soon');
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('group', { name: /^Reset the playground\?/ }).getByRole('button', { name: 'Reset everything' }).click();
  await stream(page, 'gone-soon').waitFor({ state: 'detached' });
  await page.reload();
  assert.equal(await page.getByRole('list', { name: 'Streams' }).getByRole('listitem').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the request console sends any operation as typed, malformed JSON included', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  const console = page.getByRole('region', { name: 'Request console' });
  const operation = console.getByRole('combobox', { name: 'Operation' });
  const body = console.getByRole('textbox', { name: 'Request body' });

  await operation.selectOption('DescribeLimits');
  assert.equal(await body.inputValue(), '{}');
  await operation.selectOption('CreateStream');
  assert.deepEqual(JSON.parse(await body.inputValue()),
    { StreamName: 'my-stream', ShardCount: 1, StreamModeDetails: { StreamMode: 'PROVISIONED' } });
  await console.getByRole('button', { name: 'Send request' }).click();
  await stream(page, 'my-stream').waitFor();

  await body.fill('{"StreamName": "broken",');
  await console.getByRole('button', { name: 'Send request' }).click();
  const call = newestCall(page);
  await call.getByText('400 SerializationException').waitFor();
  assert.ok((await call.locator('.request').innerText()).includes('{"StreamName": "broken",'));
  await call.getByRole('button', { name: 'Raw response body' }).click();
  assert.equal(await call.locator('.response pre.body').innerText(), '{"__type":"SerializationException"}');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the inspector documents members, dates timestamps and copies commands', async () => {
  await shared.browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await create(page, 'documented');
  const console = page.getByRole('region', { name: 'Request console' });
  await console.getByRole('combobox', { name: 'Operation' }).selectOption('DescribeStreamSummary');
  await console.getByRole('button', { name: 'Send request' }).click();
  const call = newestCall(page);
  await call.locator('.operation', { hasText: 'DescribeStreamSummary' }).waitFor();

  const member = call.locator('.response .member', { hasText: '"StreamModeDetails"' });
  assert.match(await member.getAttribute('title'), /capacity mode/);
  await member.focus();
  assert.match(await call.locator('.response .member-doc').innerText(), /capacity mode/);
  const timestamp = call.locator('.response .timestamp');
  assert.match(await timestamp.innerText(), /^\d\.\d+E9$/);
  assert.match(await timestamp.getAttribute('title'), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);

  await call.getByRole('button', { name: 'Copy as AWS CLI' }).click();
  await call.getByText('Copied the AWS CLI command.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()),
    'aws kinesis describe-stream-summary --stream-name documented');
  await call.getByRole('button', { name: 'Copy as boto3' }).click();
  await call.getByText('Copied the boto3 snippet.').waitFor();
  assert.match(await page.evaluate(() => navigator.clipboard.readText()),
    /\nresponse = kinesis\.describe_stream_summary\(StreamName='documented'\)\n/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the detail view draws the shard map and shows the DescribeStream pages', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await create(page, 'mapped', { mode: 'Provisioned', shards: '2' });
  await skip(page);
  const mapped = stream(page, 'mapped');
  await mapped.getByText('2 open shards').waitFor();
  await mapped.getByRole('spinbutton', { name: 'Target shard count' }).fill('3');
  await mapped.getByRole('button', { name: 'Update shard count' }).click();
  await skip(page);
  await mapped.getByText('3 open shards').waitFor();

  await mapped.getByRole('button', { name: 'Describe stream' }).click();
  const detail = page.getByRole('region', { name: 'Stream details' });
  const open = detail.getByRole('list', { name: 'Open shards' }).getByRole('listitem');
  const closed = detail.getByRole('group', { name: 'Closed shards' }).getByRole('listitem');
  assert.equal(await open.count(), 3);
  assert.equal(await closed.count(), 4, 'both parents, and the two halves of the first merged again');
  assert.match(await open.first().getAttribute('aria-label'),
    /^shardId-000000000004 \(open\): hash keys 170141183460469231731687303715884105728 to 255211775190703847597530955573826158591, starting sequence number \d{56}, parent shardId-000000000001$/);
  assert.match(await open.last().getAttribute('aria-label'),
    /^shardId-000000000006 \(open\): hash keys 0 to 170141183460469231731687303715884105727, .*, parent shardId-000000000002, adjacent parent shardId-000000000003$/);
  const page1 = JSON.parse(await detail.locator('.pages pre').first().innerText());
  assert.equal(page1.StreamDescription.Shards.length, 7);
  assert.equal(page1.StreamDescription.HasMoreShards, false);
  assert.equal(await detail.getByRole('button', { name: 'Next page' }).count(), 0);
  await detail.getByRole('button', { name: 'Close' }).click();
  await detail.waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a share link replays the session byte for byte; a damaged one says so', async () => {
  await shared.browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await create(page, 'shared.v1-eu', { mode: 'Provisioned', shards: '2' });
  await skip(page);
  await stream(page, 'shared.v1-eu').getByRole('button', { name: 'Switch to on-demand' }).click();
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.getByText('Link copied.').waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#s=1\.[A-Za-z0-9_-]+$/);
  // Every line but the duration, which is measured afresh and never saved.
  const calls = async (p) => p.getByRole('region', { name: 'Inspector' }).locator('.exchange').evaluateAll(
    (items) => items.map((item) => [...item.querySelectorAll('.exchange-head > :not(.duration)')].map((e) => e.innerText)));
  const before = await calls(page);
  const rawBodies = async (p) => {
    const inspector = p.getByRole('region', { name: 'Inspector' });
    for (const head of await inspector.locator('.exchange-head[aria-expanded="false"]').all()) await head.click();
    for (const button of await inspector.getByRole('button', { name: /^Raw / }).all()) await button.click();
    return inspector.locator('pre.raw').allInnerTexts();
  };
  const bodiesBefore = await rawBodies(page);
  await page.evaluate(() => localStorage.clear());

  const opened = await shared.browser.context.newPage();
  await opened.goto(link);
  await stream(opened, 'shared.v1-eu').getByText('UPDATING', { exact: true }).waitFor();
  // The inspector is drawn a moment after the streams (the page's first task draws only those).
  await drawn(opened);
  assert.deepEqual(await calls(opened), before);
  assert.deepEqual(await rawBodies(opened), bodiesBefore);
  assert.equal(new URL(opened.url()).hash, '', 'the link is taken out of the address once read');

  await opened.goto(`${shared.server.url}#s=1.not-a-real-link`);
  await opened.getByRole('alert').getByText('The share link is damaged or incomplete. Your session is unchanged.').waitFor();
  assert.equal(await stream(opened, 'shared.v1-eu').count(), 1, 'a refused link changes nothing');
  await opened.goto(`${shared.server.url}#s=7.AAAA`);
  await opened.getByRole('alert').getByText(/newer version of the playground/).waitFor();
  assert.deepEqual(errors, []);
  await opened.close();
  await page.close();
});

test('a crafted share link with markup in its names replays as text and runs no script', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  // A stored link, opened up and given hostile names and an operation that does not exist.
  const stored = readFileSync(join(root, 'tests/golden/share-links/v1-capacity-mode-switches.txt'), 'utf8');
  const session = JSON.parse(inflateRawSync(Buffer.from(stored.split('\n')[0].slice('s=1.'.length), 'base64url')));
  const markup = '<img src=x onerror=window.owned=1>'; // no quotes: the bodies stay JSON
  session.events = session.events.map((event) => ({ ...event, body: event.body?.replaceAll('orders.v1-eu', markup) }));
  const linkTo = (events) => `${shared.server.url}#s=1.${deflateRawSync(JSON.stringify({ ...session, events })).toString('base64url')}`;
  await page.goto(linkTo(session.events));
  const inspector = page.getByRole('region', { name: 'Inspector' });
  const first = inspector.getByRole('listitem', { name: 'Call 1: CreateStream' });
  await first.getByText('400 ValidationException').waitFor();
  await first.locator('.exchange-head').click(); // older calls open on demand
  await first.getByText(markup).first().waitFor();
  assert.equal(await page.locator('main img').count(), 0);
  assert.equal(await page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name: markup }).count(), 0);

  // A forged ListShards token whose filter field starts with a two-byte character (base64 of
  // `1|0|0|0|é|s1`) once panicked the core and aborted the page.
  const forged = { kind: 'call', at_ms: session.events[0].at_ms, operation: 'ListShards', body: '{"NextToken":"MXwwfDB8MHzDqXxzMQ=="}' };
  await page.goto(linkTo([forged]));
  await inspector.getByRole('listitem', { name: 'Call 1: ListShards' }).getByText('400 InvalidArgumentException').waitFor();
  await page.getByRole('button', { name: 'Create stream', exact: true }).waitFor();

  // An operation that does not exist refuses the whole link, in words.
  const script = '<script>window.owned=2</script>';
  await page.goto(linkTo([...session.events, { kind: 'call', at_ms: session.events.at(-1).at_ms + 1000, operation: script, body: '{}' }]));
  await page.getByRole('alert').getByText(`The share link names an unknown operation (${script}). Your session is unchanged.`).waitFor();
  assert.equal(await page.locator('main img, main script').count(), 0);
  assert.equal(await page.evaluate(() => window.owned), undefined);
  assert.deepEqual(errors, []);
  await page.close();
});

test('?scenario=ID plays a scenario file; unknown or invalid ones say so', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await page.goto(`${shared.server.url}?scenario=switch-capacity-modes`);
  await page.getByRole('region', { name: 'Scenario' }).getByText('Scenario: Switch capacity modes and meet the 24-hour limit').waitFor();
  await stream(page, 'clicks').getByText('PROVISIONED', { exact: true }).waitFor();
  const calls = page.getByRole('region', { name: 'Inspector' }).locator('.exchange');
  assert.equal(await calls.count(), 6);
  assert.match(await calls.first().locator('.exchange-head').innerText(), /UpdateStreamMode[\s\S]*400 LimitExceededException/);
  assert.equal(new URL(page.url()).search, '?scenario=switch-capacity-modes', 'the link stays in the address');

  await page.goto(`${shared.server.url}?scenario=no-such-scenario`);
  await page.getByRole('alert').getByText('There is no scenario "no-such-scenario".').waitFor();
  await page.goto(`${shared.server.url}?scenario=../etc/passwd`);
  await page.getByRole('alert').getByText('"../etc/passwd" is not a scenario name.').waitFor();
  assert.deepEqual(errors.filter((e) => !e.includes('404')), []);
  await page.close();
});

test('embed mode: compact, themed, one view, read-only, and a way out to the full playground', async () => {
  await shared.browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await create(page, 'embedded');
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.getByText('Link copied.').waitFor();
  const session = new URL(await page.evaluate(() => navigator.clipboard.readText())).hash;
  await page.goto(`${shared.server.url}?embed=1&theme=dark&view=streams&readonly=1${session}`);
  await stream(page, 'embedded').waitFor();
  // Each embed address keeps its own session: a reload keeps it, another embed does not see it.
  await page.reload();
  await stream(page, 'embedded').waitFor();
  const other = await shared.browser.context.newPage();
  await other.goto(`${shared.server.url}?embed=1&view=streams`);
  await other.getByText('No streams yet').waitFor();
  assert.equal(await stream(other, 'embedded').count(), 0);
  await other.close();
  await drawn(page);
  assert.ok((await page.locator('h1').boundingBox()).height <= 1, 'no title bar: the heading is for screen readers');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await page.getByRole('region', { name: 'Inspector' }).count(), 0, 'view=streams');
  assert.equal(await page.getByRole('button', { name: 'Create stream', exact: true }).count(), 0, 'readonly');
  assert.equal(await stream(page, 'embedded').getByRole('button', { name: 'Delete stream' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Reset' }).count(), 0);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(20, 23, 28)', 'the dark theme whatever the system says');

  const [full] = await Promise.all([
    shared.browser.context.waitForEvent('page'),
    page.getByRole('button', { name: 'Open in full playground' }).click(),
  ]);
  await stream(full, 'embedded').waitFor();
  assert.equal(await full.getByRole('button', { name: 'Create stream', exact: true }).count(), 1);
  assert.equal(await full.locator('h1').count(), 1);
  await full.close();

  await page.goto(`${shared.server.url}?embed=1&view=inspector&theme=<b>`);
  await page.getByRole('region', { name: 'Inspector' }).waitFor();
  assert.equal(await page.getByRole('list', { name: 'Streams' }).count(), 0, 'view=inspector');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined, 'odd theme: auto');
  assert.deepEqual(errors, []);
  await page.close();
});

test('embed mode with ctl=1 fetches the app only when the reader clicks', async () => {
  const page = await shared.browser.context.newPage();
  const fetched = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  await page.goto(`${shared.server.url}?embed=1&ctl=1&theme=dark`);
  const load = page.getByRole('button', { name: 'Load the Kinesis playground' });
  await load.waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'themed before loading');
  // Before the click: the page and nothing of the app, its stylesheet included.
  assert.deepEqual(fetched.filter((path) => /\.(wasm|js|css)$/.test(path) && !path.endsWith('sw.js')), []);
  await load.click();
  await page.getByRole('button', { name: 'Open in full playground' }).waitFor();
  assert.equal(fetched.filter((path) => path.endsWith('.wasm')).length, 1);
  assert.equal(fetched.filter((path) => path.endsWith('.css')).length, 1);
  // Styled once loaded: the theme's background, not the browser's default.
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor === 'rgba(0, 0, 0, 0)'), false);
  assert.equal(await load.count(), 0);
  await page.close();
});

test("an instructor's link loads a scenario and pins the speed", async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await page.goto(`${shared.server.url}?scenario=first-on-demand-stream&speed=60&pin-speed=1`);
  await page.getByRole('region', { name: 'Scenario' }).getByText('Scenario: Your first on-demand stream').waitFor();
  const speed = page.getByRole('combobox', { name: 'Speed' });
  assert.equal(await speed.inputValue(), '60');
  assert.ok(await speed.isDisabled(), 'attendees cannot change it');
  await page.getByText('set by your link', { exact: true }).waitFor();
  assert.equal(new URL(page.url()).search, '?scenario=first-on-demand-stream&speed=60&pin-speed=1', 'the link and the pin stay');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the guided tutorial opens at a step, explains, and ticks itself off', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await page.goto(`${shared.server.url}?tutorial=capacity-modes`);
  const panel = page.getByRole('region', { name: 'Tutorial' });
  await panel.getByRole('heading', { name: 'Step 1 of 6: Two ways to have capacity' }).waitFor();
  await panel.getByText('Not done yet').waitFor();
  await create(page, 'learning');
  await panel.getByText('✓ Done').waitFor();
  await panel.getByRole('button', { name: 'Next step' }).click();
  await panel.getByRole('heading', { name: /^Step 2 of 6/ }).waitFor();
  await skip(page);
  await panel.getByText('✓ Done').waitFor();

  await page.goto(`${shared.server.url}?tutorial=capacity-modes&step=4`);
  await panel.getByRole('heading', { name: 'Step 4 of 6: What DescribeLimits reports' }).waitFor();
  await page.goto(`${shared.server.url}?tutorial=nope`);
  await page.getByRole('alert').getByText('There is no tutorial "nope".').waitFor();
  assert.deepEqual(errors.filter((e) => !e.includes('404')), []);
  await page.close();
});
