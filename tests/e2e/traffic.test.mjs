// Traffic in Chromium: a producer started from the Traffic region sends records at a stream, is
// listed while it runs, survives a reload (it is part of the saved session) and stops; the
// clock's Advance buttons move simulated time on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProvisioned, openPlayground, startProducer, useBundleInChromium } from './harness.mjs';

const shared = useBundleInChromium();

function traffic(page) {
  return page.getByRole('region', { name: 'Traffic' });
}

function producers(page) {
  return traffic(page).getByRole('list', { name: 'Producers' });
}

/** The clock's time of day, as the bar shows it. */
async function clockTime(page) {
  return (await page.getByRole('group', { name: 'Simulation clock' }).locator('time').innerText()).trim();
}

test('a producer sends at a stream, survives a reload and stops', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  const region = traffic(page);
  await region.getByText('Create a stream first').waitFor();
  assert.equal(await region.getByRole('button', { name: 'Start producer' }).isDisabled(), true);

  await createProvisioned(page, 'orders', '1');
  const target = region.getByRole('combobox', { name: 'Target stream' });
  assert.equal(await target.inputValue(), 'orders');

  // What the form refuses, it says, and nothing starts.
  await region.getByRole('spinbutton', { name: 'Records per second' }).fill('0');
  await region.getByRole('button', { name: 'Start producer' }).click();
  await region.getByText('Records per second: a whole number from 1 to 2,000,000.').waitFor();
  assert.equal(await producers(page).count(), 0);

  await region.getByRole('spinbutton', { name: 'Records per second' }).fill('1500');
  await region.getByRole('spinbutton', { name: 'Record size (bytes)' }).fill('1000');
  await region.getByRole('combobox', { name: 'Partition keys' }).selectOption({ label: 'One hot key' });
  await region.getByRole('spinbutton', { name: "Hot key's share (%)" }).fill('20');
  await region.getByRole('combobox', { name: 'Pattern' }).selectOption({ label: 'Spike' });
  await region.getByText('3 times the rate for 5 minutes').waitFor();
  await region.getByRole('button', { name: 'Start producer' }).click();

  const running = producers(page).getByRole('listitem');
  await running.first().waitFor();
  assert.equal(await running.count(), 1);
  assert.match(await running.first().innerText(),
    /producer-1[\s\S]*1,500 records\/s of 1,000 bytes into orders, spiking 3×, 20% on one key/);

  // An hour passes at once; the producer keeps running, and is saved with the session.
  const before = await clockTime(page);
  await page.getByRole('button', { name: 'Advance 1 hour' }).click();
  // The time of day moves on by an hour and the few seconds the clock ran meanwhile.
  const moved = await page.waitForFunction((earlier) => {
    const seconds = (text) => text.match(/(\d\d):(\d\d):(\d\d)/).slice(1).reduce((s, part) => s * 60 + Number(part), 0);
    const now = document.querySelector('.clock time')?.textContent ?? '';
    const moved = (seconds(now) - seconds(earlier) + 86_400) % 86_400;
    return moved >= 3600 && moved;
  }, before);
  assert.ok(await moved.jsonValue() < 3600 + 60, 'an hour, not more');
  await page.reload();
  await running.first().waitFor();
  assert.match(await running.first().innerText(), /1,500 records\/s of 1,000 bytes into orders/);

  await running.first().getByRole('button', { name: 'Stop producer' }).click();
  await region.getByText('None running. A producer').waitFor();
  assert.equal(await producers(page).count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The Metrics region's chart named for `title`, by its accessible name's start. */
/** Starts a producer from the Traffic region: `rate` records of `bytes` a second. */
function chart(page, title) {
  return page.getByRole('region', { name: 'Metrics' }).getByRole('img', { name: new RegExp(`^${title}, `) });
}

test('a shard over its limit throttles, shows hot, and a reshard ends it', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await createProvisioned(page, 'orders', '1');
  const region = traffic(page);
  await startProducer(region, '1500', '1000');
  await page.getByRole('button', { name: 'Advance 1 minute' }).click();

  // A shard takes 1,000 records a second: the rest is throttled, in the chart and the table.
  const records = chart(page, 'Incoming records per second');
  await records.waitFor();
  assert.match(await records.getAttribute('aria-label'),
    /^Incoming records per second, last hour: 1,000\/s now against a write capacity of 1,000\/s/);
  assert.match(await chart(page, 'Throttled per minute').getAttribute('aria-label'),
    /WriteProvisionedThroughputExceeded [1-9][\d,]* now/);
  const table = page.getByRole('table', { name: 'Metrics per minute' });
  const newest = table.getByRole('row').nth(1);
  assert.notEqual(await newest.getByRole('cell').nth(2).innerText(), '0', 'throttled records this minute');

  // The shard map marks the shard as running at its limit.
  await page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name: 'orders', exact: true })
    .getByRole('button', { name: 'Describe stream' }).click();
  const shard = page.getByRole('list', { name: 'Open shards' }).getByRole('listitem');
  assert.match(await shard.getAttribute('aria-label'), /writes at 100% of its limit$/);

  // Two shards take the 1,500 records: after the reshard, nothing is throttled.
  const item = page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name: 'orders', exact: true });
  await item.getByRole('spinbutton', { name: 'Target shard count' }).fill('2');
  await item.getByRole('button', { name: 'Update shard count' }).click();
  await page.getByRole('button', { name: 'Skip to next transition' }).click();
  await item.getByText('2 open shards').waitFor();
  // Two jumps: the current minute is then wholly after the reshard.
  await page.getByRole('button', { name: 'Advance 1 minute' }).click();
  await page.getByRole('button', { name: 'Advance 1 minute' }).click();
  await page.waitForFunction(() => /^Incoming records per second, last hour: 1,500\/s now against a write capacity of 2,000\/s/
    .test(document.querySelector('svg[aria-label^="Incoming records per second"]')?.getAttribute('aria-label') ?? ''));
  assert.match(await chart(page, 'Throttled per minute').getAttribute('aria-label'),
    /WriteProvisionedThroughputExceeded 0 now/);
  assert.equal(await page.getByRole('list', { name: 'Open shards' }).getByRole('listitem').count(), 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a producer that retries resends what was throttled, gives up after 30 s, and is kept', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await createProvisioned(page, 'orders', '1');
  const region = traffic(page);
  await startProducer(region, '1500', '1000', { retries: true });
  await page.getByRole('button', { name: 'Advance 1 minute' }).click();

  // 1,500 a second in, 1,000 stored: the rest waits, and after 30 s the oldest fail.
  const producer = region.getByRole('list', { name: 'Producers' }).getByRole('listitem');
  await producer.getByText(/failed \(throttled for 30 s\)/).waitFor();
  const text = await producer.innerText();
  assert.match(text, /retrying throttled records/);
  assert.match(text, /[1-9][\d,]* waiting to be resent, [1-9][\d,]* failed/);

  await page.reload();
  await region.getByRole('list', { name: 'Producers' }).getByText(/retrying throttled records/).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('the inspector sums traffic up per producer and minute, each opening a real call', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await createProvisioned(page, 'orders', '1');
  const region = traffic(page);
  await startProducer(region, '1500', '1000');
  await region.getByRole('button', { name: 'Add consumer' }).click();
  await page.getByRole('button', { name: 'Advance 1 minute' }).click();
  // Paused: a row under way closes when its minute ends.
  await page.getByRole('button', { name: 'Pause' }).click();

  const inspector = page.getByRole('region', { name: 'Inspector' });
  const rows = inspector.getByRole('list', { name: "Producers' and consumers' calls, per minute" });
  // 1,500 records a second in calls of 500: three calls a second, a third of the records
  // throttled by the shard's 1,000 a second.
  const producerRow = rows.getByRole('listitem', { name: /^producer-1 on orders: / }).first();
  await producerRow.waitFor();
  const [, calls, records, throttled] = (await producerRow.getAttribute('aria-label'))
    .replace(/(\d),(\d)/g, '$1$2').match(/: (\d+) PutRecords calls, (\d+) records, (\d+) records throttled$/).map(Number);
  const seconds = calls / 3;
  assert.ok(Number.isInteger(seconds) && seconds > 0, `${calls} calls`);
  assert.deepEqual([records, throttled], [1500 * seconds, 500 * seconds]);
  // The calls themselves do not flood the numbered list: only the stream's own calls are there.
  assert.equal(await inspector.getByRole('listitem', { name: /^Call \d+: PutRecords$/ }).count(), 0);

  await producerRow.getByRole('button', { name: /producer-1 on orders/ }).click();
  const sample = producerRow.getByRole('listitem', { name: 'Sample call: PutRecords' });
  await sample.getByRole('button', { name: 'Raw request body' }).click();
  const request = await sample.locator('.request pre.body.raw').innerText();
  // The raw view shows the first kilobyte: the first record's data, {"producer":"producer-1",….
  assert.match(request, /^\{"Records":\[\{"Data":"eyJwcm9kdWNlciI6InByb2R1Y2VyLTEi[A-Za-z0-9+\/=]+/);
  await sample.getByRole('button', { name: 'Raw response body' }).click();
  const response = await sample.locator('.response pre.body.raw').innerText();
  assert.match(response, /^\{"EncryptionType":"NONE","FailedRecordCount":\d+,"Records":\[\{"SequenceNumber":"\d{56}","ShardId":"shardId-000000000000"\}/);

  // The consumer's minute opens onto a GetRecords call with its records and lag.
  const consumerRow = rows.getByRole('listitem', { name: /^consumer-1 on orders: [\d,]+ GetRecords calls?, [\d,]+ records, \d+ calls throttled$/ }).first();
  await consumerRow.getByRole('button', { name: /consumer-1 on orders/ }).click();
  const read = consumerRow.getByRole('listitem', { name: 'Sample call: GetRecords' });
  await read.getByRole('button', { name: 'Raw response body' }).click();
  assert.match(await read.locator('.response pre.body.raw').innerText(), /^\{"MillisBehindLatest":\d+,"NextShardIterator":"/);

  // The rows opened were the minutes under way: when their minute ends they close, and the
  // minute that ended is a row of its own.
  const opened = () => page.evaluate(() => [...document.querySelectorAll('ol.call-minutes > li > .exchange-head')]
    .filter((head) => head.getAttribute('aria-expanded') === 'true').length);
  assert.equal(await opened(), 2);
  await page.getByRole('button', { name: 'Advance 1 minute' }).click();
  await page.waitForFunction(() => ![...document.querySelectorAll('ol.call-minutes > li > .exchange-head')]
    .some((head) => head.getAttribute('aria-expanded') === 'true'));
  const whole = rows.getByRole('listitem', { name: /^producer-1 on orders: 180 PutRecords calls, 90,000 records, 30,000 records throttled$/ });
  assert.ok(await whole.count() >= 1, 'a whole minute of the producer has a row');
  assert.deepEqual(errors, []);
  await page.close();
});

test('consumers sharing a shard fall behind, and survive a reload', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await createProvisioned(page, 'orders', '1');
  const region = traffic(page);
  // About 0.96 MiB a second: within the shard's write limit, and half its 2 MiB of reads.
  await startProducer(region, '1000', '1000');
  const consumers = region.getByRole('list', { name: 'Consumers' });
  await region.getByRole('combobox', { name: 'Starting position' }).selectOption('TRIM_HORIZON');
  for (let i = 0; i < 3; i += 1) {
    await region.getByRole('button', { name: 'Add consumer' }).click();
    await consumers.getByRole('listitem').nth(i).waitFor();
  }
  assert.match(await consumers.getByRole('listitem').first().innerText(), /consumer-1[\s\S]*reads orders from TRIM_HORIZON/);

  // Three readers of a shard written at half its read limit: the reads are throttled, and the
  // consumers fall behind.
  await page.getByRole('button', { name: 'Advance 1 minute' }).click();
  await consumers.getByText(/ behind$/).first().waitFor();
  await page.waitForFunction(() => /ReadProvisionedThroughputExceeded [1-9]/
    .test(document.querySelector('svg[aria-label^="Throttled per minute"]')?.getAttribute('aria-label') ?? ''));
  // The hour's highest: the newest minute may have just begun (the clock runs on), its age still 0.
  assert.match(await chart(page, 'GetRecords.IteratorAgeMilliseconds').getAttribute('aria-label'),
    /, highest [1-9][\d,]* ms\./);

  await page.reload();
  await consumers.getByRole('listitem').nth(2).waitFor();
  assert.equal(await consumers.getByRole('listitem').count(), 3);
  await consumers.getByRole('listitem').first().getByRole('button', { name: 'Stop consumer' }).click();
  await page.waitForFunction(() => document.querySelectorAll('ul.consumers li').length === 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test('view=traffic shows a stream\'s traffic, metrics and cost alone', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  // An embed keeps a session of its own: this one starts from a scenario's on-demand stream.
  await page.goto(`${shared.server.url}?embed=1&view=traffic&scenario=first-on-demand-stream`);
  const region = traffic(page);
  await region.getByRole('combobox', { name: 'Target stream' }).selectOption('orders');
  if (await page.getByRole('button', { name: 'Skip to next transition' }).isEnabled()) {
    await page.getByRole('button', { name: 'Skip to next transition' }).click();
  }
  await region.getByRole('spinbutton', { name: 'Records per second' }).fill('500');
  await region.getByRole('button', { name: 'Start producer' }).click();
  await page.getByRole('button', { name: 'Advance 1 minute' }).click();
  await page.getByRole('region', { name: 'Metrics' }).getByRole('img', { name: /^Incoming records per second, / }).waitFor();
  await page.getByRole('region', { name: 'Cost' }).waitFor();
  for (const gone of ['Inspector', 'Request console', 'Streams']) {
    assert.equal(await page.getByRole('region', { name: gone }).count(), 0, gone);
  }
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 1280, `no horizontal scroll: ${width}`);
  assert.deepEqual(errors, []);
  await page.close();
});
