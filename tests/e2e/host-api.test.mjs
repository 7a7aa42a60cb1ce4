// The host-page API across origins: a documentation page on one port drives the playground on
// another through static/embed.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, root, serve, useBundleInChromium } from './harness.mjs';

const shared = useBundleInChromium();

/**
 * The example host page and a copy of embed.js, served from their own origin; both close when
 * test `t` ends, passed or not.
 */
async function hostPage(t, extraQuery = '') {
  const dir = mkdtempSync(join(tmpdir(), 'host-page-'));
  copyFileSync(join(root, 'tests/e2e/host/index.html'), join(dir, 'index.html'));
  copyFileSync(join(dist, 'embed.js'), join(dir, 'embed.js'));
  const host = await serve(dir);
  const page = await shared.browser.context.newPage();
  t.after(async () => { await page.close(); await host.close(); });
  const playground = shared.server.url.replace(/\/$/, '');
  await page.goto(`${host.url}?playground=${encodeURIComponent(playground)}${extraQuery}`);
  return page;
}

test('a host page on another origin drives the playground and hears its events', { timeout: 90_000 }, async (t) => {
  const page = await hostPage(t);
  await page.waitForFunction(() => window.connected || window.connectError);
  assert.equal(await page.evaluate(() => window.connectError), undefined);

  await page.evaluate(() => window.playground.reset());
  const created = await page.evaluate(() => window.playground.send('CreateStream', { StreamName: 'from-host', ShardCount: 1 }));
  assert.deepEqual(created, { status: 200, body: '' });
  const malformed = await page.evaluate(() => window.playground.send('CreateStream', '{"StreamName":'));
  assert.deepEqual(malformed, { status: 400, body: '{"__type":"SerializationException"}' });
  await page.evaluate(() => window.playground.skip());
  const summary = await page.evaluate(() => window.playground.send('DescribeStreamSummary', { StreamName: 'from-host' }));
  assert.equal(JSON.parse(summary.body).StreamDescriptionSummary.StreamStatus, 'ACTIVE');
  assert.match(await page.evaluate(() => window.playground.getShareUrl()), /^http:\/\/127\.0\.0\.1:\d+\/#s=1\./);
  await assert.rejects(page.evaluate(() => window.playground.setSpeed(7)), /speed must be 1, 10 or 60/);

  // Clock control answers with the simulation time it leaves.
  const { nowMs: paused } = await page.evaluate(() => window.playground.pause());
  const { nowMs: advanced } = await page.evaluate(() => window.playground.advance(90_000));
  assert.equal(advanced, paused + 90_000);
  await page.evaluate(() => window.playground.resume());
  assert.deepEqual(await page.evaluate(() => window.playground.loadScenario('first-on-demand-stream')), { loaded: 'first-on-demand-stream' });
  await assert.rejects(page.evaluate(() => window.playground.loadScenario('no-such-scenario')), /There is no scenario "no-such-scenario"\./);
  await assert.rejects(page.evaluate(() => window.playground.loadScenario('../etc/passwd')), /is not a scenario name/);

  const events = await page.evaluate(() => window.events);
  const names = events.map((e) => e.name);
  assert.ok(names.includes('request') && names.includes('response') && names.includes('resize'), names.join());
  assert.ok(events.some((e) => e.name === 'statusChanged' && /from-host is now ACTIVE/.test(e.data.message)));
  const frame = page.frameLocator('iframe');
  await frame.getByRole('region', { name: 'Inspector' }).getByText('DescribeStreamSummary').first().waitFor();

});

test('click to load: the frame appears only when the reader asks', { timeout: 60_000 }, async (t) => {
  const page = await hostPage(t, '&ctl=1');
  assert.equal(await page.locator('iframe').count(), 0);
  await page.getByRole('button', { name: 'Load the Kinesis playground' }).click();
  await page.waitForFunction(() => window.connected || window.connectError);
  assert.equal(await page.evaluate(() => window.connectError), undefined);
  // The frame mount() makes lets its copy buttons write to the clipboard.
  assert.equal(await page.locator('iframe').getAttribute('allow'), 'clipboard-write');
});

test('a frame that does not allow the host origin ignores it', { timeout: 60_000 }, async (t) => {
  const page = await hostPage(t, '&allow=http%3A%2F%2F127.0.0.1%3A1&timeout=2000');
  await page.waitForFunction(() => window.connected || window.connectError);
  assert.match(await page.evaluate(() => window.connectError), /did not answer; does its \?origins= allow http:\/\/127\.0\.0\.1:\d+\?/);
  // The frame itself still works for its reader.
  await page.frameLocator('iframe').getByRole('button', { name: 'Send request' }).waitFor();
});

test('messages of unexpected shapes are ignored or refused, and names with markup stay text', { timeout: 60_000 }, async (t) => {
  const page = await hostPage(t);
  await page.waitForFunction(() => window.connected || window.connectError);
  await page.evaluate(() => window.playground.reset()); // pages of one browser share local storage
  const { ready, replies } = await page.evaluate(async () => {
    const frame = document.querySelector('iframe').contentWindow;
    const origin = new URL(document.querySelector('iframe').src).origin;
    const handshake = (message) => new Promise((resolve) => {
      const channel = new MessageChannel();
      const seen = [];
      channel.port1.onmessage = (event) => seen.push(event.data);
      frame.postMessage(message, origin, [channel.port2]);
      setTimeout(() => resolve({ port: channel.port1, seen }), 700);
    });
    // Wrong versions, namespaces and shapes get no answer at all.
    const cyclic = {}; cyclic.self = cyclic;
    let deep = {}; for (let i = 0; i < 1_000; i++) deep = { deep };
    const ignored = await Promise.all([
      handshake({ namespace: 'kinesis-playground', version: 2, type: 'connect' }),
      handshake({ namespace: 'other', version: 1, type: 'connect' }),
      handshake('connect'),
      handshake(cyclic),
      handshake(deep),
    ]);
    const ready = ignored.map((h) => h.seen.length);
    // A proper handshake, then calls of every odd shape on the port.
    const { port, seen } = await handshake({ namespace: 'kinesis-playground', version: 1, type: 'connect' });
    ready.push(seen.filter((m) => m.event === 'ready').length);
    const replies = [];
    port.onmessage = (event) => { if (event.data.type !== 'event') replies.push(event.data); };
    for (const junk of [null, 42, 'reset', [], { method: 'reset' }, { id: {}, method: 'reset' }, cyclic, deep,
      { id: 'x'.repeat(5_000_000), method: 'nothing' }]) {
      port.postMessage(junk);
    }
    port.postMessage({ id: 1, method: 'eval', params: 'alert(1)' });
    port.postMessage({ id: 2, method: 'send', params: { operation: '<script>', body: {} } });
    port.postMessage({ id: 3, method: 'send', params: { operation: 'CreateStream',
      body: { StreamName: '<img src=x onerror="window.pwned=1">', ShardCount: 1 } } });
    port.postMessage({ id: 4, method: 'advance', params: { ms: -5 } });
    port.postMessage({ id: 5, method: 'send', params: { operation: 'ListStreams' } });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return { ready, replies: replies.map((r) => (typeof r.id === 'string' ? { ...r, id: r.id.length } : r)) };
  });
  assert.deepEqual(ready, [0, 0, 0, 0, 0, 1]);
  assert.deepEqual(replies.map((r) => r.id), [5_000_000, 1, 2, 3, 4, 5]);
  assert.deepEqual(replies[0], { id: 5_000_000, error: 'unknown method nothing' });
  assert.deepEqual(replies[1], { id: 1, error: 'unknown method eval' });
  assert.deepEqual(replies[2], { id: 2, error: 'unknown operation <script>' });
  assert.equal(replies[3].result.status, 400);
  assert.match(replies[3].result.body, /^\{"__type":"ValidationException","message":"1 validation error detected: Value '<img src=x onerror=\\"window.pwned=1\\">' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: \[a-zA-Z0-9_.-\]\+"\}$/);
  assert.deepEqual(replies[4], { id: 4, error: 'params.ms must be 0 to a year' });
  assert.deepEqual(replies[5].result, { status: 200, body: '{"HasMoreStreams":false,"StreamNames":[]}' });
  // The name reached the inspector as text: no element was made of it and no script ran.
  const frame = page.frameLocator('iframe');
  await frame.getByRole('listitem', { name: /: CreateStream$/ }).locator('.exchange-head').click();
  await frame.getByText('onerror=\\"window.pwned=1\\"').first().waitFor();
  assert.equal(await frame.locator('img').count(), 0);
  const playgroundFrame = page.frames().find((f) => f !== page.mainFrame());
  assert.equal(await playgroundFrame.evaluate(() => window.pwned), undefined, 'no handler ran in the playground');
});

test('a call is answered on the port it came by; events go to the newest port', { timeout: 60_000 }, async (t) => {
  const page = await hostPage(t);
  await page.waitForFunction(() => window.connected || window.connectError);
  await page.evaluate(() => window.playground.reset());
  const seen = await page.evaluate(async () => {
    const iframe = document.querySelector('iframe');
    const origin = new URL(iframe.src).origin;
    const handshake = () => {
      const channel = new MessageChannel();
      const messages = [];
      let wake = () => {};
      channel.port1.onmessage = (event) => { messages.push(event.data); wake(); };
      // The first message that `wanted` accepts, or `missing` after 5 s.
      const until = (wanted, missing) => new Promise((resolve) => {
        const timer = setTimeout(() => resolve(missing), 5_000);
        const check = () => {
          const found = messages.find(wanted);
          if (found) { clearTimeout(timer); resolve(found); } else wake = check;
        };
        check();
      });
      iframe.contentWindow.postMessage({ namespace: 'kinesis-playground', version: 1, type: 'connect' }, origin, [channel.port2]);
      return { port: channel.port1, messages, until };
    };
    // Two handshakes in flight at once, as embed.js sends them to a frame slow to answer.
    const [first, second] = [handshake(), handshake()];
    await first.until((m) => m.event === 'ready', 'no ready');
    await second.until((m) => m.event === 'ready', 'no ready');
    first.port.postMessage({ id: 1, method: 'send', params: { operation: 'CreateStream', body: { StreamName: 'two-ports', ShardCount: 1 } } });
    const reply = await first.until((m) => m.id === 1, 'no reply on the port the call came by');
    const event = await second.until((m) => m.event === 'response', 'no event on the newest port');
    return {
      reply: reply.result ?? reply,
      event: event.data?.operation ?? event,
      repliesOnSecond: second.messages.filter((m) => 'id' in m).length,
      eventsOnFirst: first.messages.filter((m) => m.event === 'response').length,
    };
  });
  assert.deepEqual(seen, { reply: { status: 200, body: '' }, event: 'CreateStream', repliesOnSecond: 0, eventsOnFirst: 0 });
});

test('a host page starts producers and consumers and hears each minute', { timeout: 90_000 }, async (t) => {
  const page = await hostPage(t);
  await page.waitForFunction(() => window.connected || window.connectError);
  await page.evaluate(() => window.playground.reset());
  await page.evaluate(() => window.playground.pause());
  await page.evaluate(() => window.playground.send('CreateStream', { StreamName: 'busy', ShardCount: 1 }));
  await page.evaluate(() => window.playground.skip());
  const producer = await page.evaluate(() => window.playground.startProducer({ stream: 'busy', recordsPerSecond: 1500, recordBytes: 100 }));
  assert.deepEqual(producer, { id: 0 });
  assert.deepEqual(await page.evaluate(() => window.playground.startConsumer({ stream: 'busy', startingPosition: 'TRIM_HORIZON' })), { id: 0 });
  await assert.rejects(page.evaluate(() => window.playground.startProducer({ stream: 'busy', recordsPerSecond: 0 })),
    /Records per second: a whole number from 1 to 2,000,000\./);
  await assert.rejects(page.evaluate(() => window.playground.startConsumer({ stream: 'busy', startingPosition: 'NOW' })),
    /LATEST or TRIM_HORIZON/);

  // Three minutes on: a minute event for each that ended, with the shard's limit in it.
  await page.evaluate(() => window.playground.advance(180_000));
  await page.waitForFunction(() => window.events.filter((e) => e.name === 'minute').length >= 2);
  const minutes = (await page.evaluate(() => window.events)).filter((e) => e.name === 'minute').map((e) => e.data);
  const full = minutes.find((m) => m.IncomingRecords === 60_000);
  assert.ok(full, JSON.stringify(minutes));
  assert.equal(full.stream, 'busy');
  assert.equal(full.WriteProvisionedThroughputExceeded, 30_000);
  assert.equal(full.openShards, 1);
  assert.ok(full['GetRecords.IteratorAgeMilliseconds'] >= 0, 'the consumer read');
  assert.ok(minutes.every((m, i) => i === 0 || m.startMs === minutes[i - 1].startMs + 60_000), 'each minute once, oldest first');

  // Stopped, they send and read nothing more: no minute after the stop has a datapoint.
  const { nowMs: stopped } = await page.evaluate(() => window.playground.stopProducer(0));
  await page.evaluate(() => window.playground.stopConsumer(0));
  await page.evaluate(() => window.playground.advance(180_000));
  await page.waitForFunction((after) => window.events.some((e) => e.name === 'minute' && e.data.startMs > after - 60_000), stopped);
  const later = (await page.evaluate(() => window.events)).filter((e) => e.name === 'minute' && e.data.startMs > stopped);
  assert.deepEqual(later, []);
});
