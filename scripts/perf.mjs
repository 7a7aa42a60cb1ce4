// Measures the release bundle in headless Chromium (build it first: trunk build --release):
//   - first contentful paint of a fresh page on localhost (median of 5 loads; target < 300 ms);
//   - how long a clock tick takes, dispatch to DOM, with 200 streams and the clock at 60x
//     (the app's own Performance API measures "tick"; target < 16 ms), and the same with 50
//     producers over 20 streams;
//   - time to interactive on a mid-range phone: 4x CPU slowdown and DevTools' "Fast 3G" network
//     (562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up), a fresh profile, the bundle served
//     gzipped; interactive once the page shows its Create stream button (the moment it enters the
//     page) and then runs no task over 50 ms for 5 s (Lighthouse's quiet window). Target < 3 s;
//   - "Advance 1 day" with a producer at an on-demand stream's 200 MiB/s maximum, from the click
//     to the next day shown (three runs; target < 2 s), and, for information, with a producer
//     retrying throttled records, at the maximum and just below it.
// Prints the figures; with --check, exits 1 when a target is missed.
import { launch, serve } from '../tests/e2e/harness.mjs';

const check = process.argv.includes('--check');
const server = await serve();
const gzipped = await serve(undefined, { gzip: true });
const browser = await launch();

async function firstContentfulPaint() {
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await page.evaluate(() => localStorage.clear());
  const times = [];
  for (let i = 0; i < 5; i++) {
    await page.reload();
    await page.getByRole('button', { name: 'Create stream', exact: true }).waitFor();
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    times.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime));
  }
  await page.close();
  times.sort((a, b) => a - b);
  return times[2];
}

/// A saved session with 200 provisioned streams, created 6.1 s apart so that at most five are
/// CREATING at once, the last ones still CREATING when the page opens.
function session200(startMs) {
  const events = [];
  for (let i = 0; i < 200; i++) {
    events.push({
      kind: 'call',
      at_ms: startMs + i * 6100,
      operation: 'CreateStream',
      body: JSON.stringify({ StreamName: `stream-${String(i).padStart(3, '0')}`, ShardCount: 1 }),
    });
  }
  return { version: 1, started_ms: startMs, events, now_ms: startMs + 200 * 6100 - 20000, speed: 60, paused: false };
}

/// A saved session with 20 provisioned streams of 4 shards and 50 producers over them (2 or 3 a
/// stream, 200 to 5,000 records a second of 100 to 2,000 bytes, some with a hot key), running
/// for an hour before the page opens.
function session50Producers(startMs) {
  const events = [];
  for (let i = 0; i < 20; i++) {
    events.push({ kind: 'call', at_ms: startMs + i * 6100, operation: 'CreateStream',
      body: JSON.stringify({ StreamName: `busy-${String(i).padStart(2, '0')}`, ShardCount: 4 }) });
  }
  const started = startMs + 20 * 6100 + 60_000;
  for (let p = 0; p < 50; p++) {
    events.push({ kind: 'start_producer', at_ms: started + p * 1000, spec: {
      name: `producer-${p + 1}`, stream_name: `busy-${String(p % 20).padStart(2, '0')}`,
      records_per_second: 200 + (p * 97) % 4800, pattern: 'constant', data_bytes: 100 + (p * 37) % 1900,
      key_count: 10_000, hot_key_per_mille: p % 5 === 0 ? 300 : 0, start_ms: started + p * 1000, stop_ms: null,
    } });
  }
  return { version: 3, started_ms: startMs, events, now_ms: started + 3_600_000, speed: 60, paused: false };
}

async function tickTimes(saved, listed) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(server.url);
  await page.evaluate((saved) => localStorage.setItem('kinesis-playground.session', JSON.stringify(saved)), saved);
  await page.reload();
  const items = page.getByRole('list', { name: 'Streams' }).getByRole('listitem');
  await items.nth(listed - 1).waitFor();
  const count = await items.count();
  await page.evaluate(() => performance.clearMeasures('tick'));
  await page.waitForTimeout(5000); // the measurement itself: 20 ticks of real rendering
  const durations = await page.evaluate(() => performance.getEntriesByName('tick').map((e) => e.duration));
  await page.close();
  durations.sort((a, b) => a - b);
  const at = (q) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))];
  return { count, ticks: durations.length, median: at(0.5), p95: at(0.95), max: durations.at(-1) };
}

/// A saved session with one on-demand stream and a producer at its 200 MiB/s maximum (51,200
/// records of 4 KiB a second), started as the page opens; `retries` as the Traffic form's box.
function sessionAtTheMaximum(startMs, recordsPerSecond, retries) {
  const events = [
    { kind: 'call', at_ms: startMs, operation: 'CreateStream',
      body: JSON.stringify({ StreamName: 'max', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }) },
    { kind: 'start_producer', at_ms: startMs + 60_000, spec: {
      name: 'producer-1', stream_name: 'max', records_per_second: recordsPerSecond, pattern: 'constant',
      data_bytes: 4088, key_count: 10_000, hot_key_per_mille: 0, start_ms: startMs + 60_000, stop_ms: null, retries,
    } },
  ];
  return { version: 3, started_ms: startMs, events, now_ms: startMs + 61_000, speed: 1, paused: true };
}

/// How long "Advance 1 day" takes, from the click to the clock showing the next day with the
/// jump done (the page advances in slices, so it stays responsive meanwhile).
async function advanceDay(saved) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(server.url);
  await page.evaluate((saved) => localStorage.setItem('kinesis-playground.session', JSON.stringify(saved)), saved);
  await page.reload();
  await page.getByRole('list', { name: 'Streams' }).getByRole('listitem').first().waitFor();
  const day = () => document.querySelector('.clock-now')?.textContent.slice(0, 10);
  const before = await page.evaluate(day);
  const started = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Advance 1 day' }).click();
  await page.waitForFunction((before) => document.querySelector('.clock-now')?.textContent.slice(0, 10) !== before
    && !document.querySelector('.jumping'), before, { timeout: 120_000, polling: 20 });
  const ended = await page.evaluate(() => performance.now());
  await page.close();
  return ended - started;
}

async function timeToInteractive() {
  const page = await browser.context.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions',
    { offline: false, latency: 562.5, downloadThroughput: 1_440_000 / 8, uploadThroughput: 675_000 / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.startTime + entry.duration);
    }).observe({ type: 'longtask', buffered: true });
    // When the button enters the page. Playwright's own polling for it (below) sees it 100 to
    // 200 ms later at 4x CPU, its accessibility queries being slow there too.
    window.__shownAt = null;
    const watch = new MutationObserver(() => {
      if ([...document.querySelectorAll('button')].some((button) => button.textContent === 'Create stream')) {
        window.__shownAt = performance.now();
        watch.disconnect();
      }
    });
    watch.observe(document, { childList: true, subtree: true });
  });
  // A service worker from an earlier load would answer from its cache: a new origin has none.
  await page.goto(`${gzipped.url}?perf=${Date.now()}`);
  await page.getByRole('button', { name: 'Create stream', exact: true }).waitFor({ timeout: 60_000 });
  const shown = await page.evaluate(() => window.__shownAt ?? performance.now());
  // The quiet window: 5 s after the button with no long task.
  let last = shown;
  for (;;) {
    await page.waitForTimeout(1000);
    const tasks = await page.evaluate(() => window.__longTasks);
    last = Math.max(shown, ...tasks);
    if ((await page.evaluate(() => performance.now())) - last >= 5000) break;
  }
  await page.close();
  return last;
}

const fcp = await firstContentfulPaint();
const ticks = await tickTimes(session200(Date.now() - 3_600_000), 200);
const busy = await tickTimes(session50Producers(Date.now() - 3 * 3_600_000), 20);
const tti = await timeToInteractive();
const days = [];
for (let run = 0; run < 3; run++) days.push(await advanceDay(sessionAtTheMaximum(Date.now() - 3_600_000, 51_200, false)));
const retriedDay = await advanceDay(sessionAtTheMaximum(Date.now() - 3_600_000, 51_000, true));
const retriedAtMax = await advanceDay(sessionAtTheMaximum(Date.now() - 3_600_000, 51_200, true));
await browser.close();
await server.close();
await gzipped.close();

const day = [...days].sort((a, b) => a - b)[1];
const ok = { fcp: fcp < 300, tick: ticks.p95 < 16 && busy.p95 < 16, tti: tti < 3000, day: day < 2000 };
console.log(`first contentful paint: ${fcp.toFixed(0)} ms (median of 5; target < 300 ms) ${ok.fcp ? 'ok' : 'MISSED'}`);
console.log(`tick with ${ticks.count} streams at 60x: median ${ticks.median.toFixed(1)} ms, p95 ${ticks.p95.toFixed(1)} ms, `
  + `max ${ticks.max.toFixed(1)} ms over ${ticks.ticks} ticks (target < 16 ms) ${ticks.p95 < 16 ? 'ok' : 'MISSED'}`);
console.log(`tick with 50 producers over ${busy.count} streams at 60x: median ${busy.median.toFixed(1)} ms, p95 ${busy.p95.toFixed(1)} ms, `
  + `max ${busy.max.toFixed(1)} ms over ${busy.ticks} ticks (target < 16 ms) ${busy.p95 < 16 ? 'ok' : 'MISSED'}`);
console.log(`time to interactive at 4x CPU over Fast 3G: ${tti.toFixed(0)} ms (target < 3000 ms) ${ok.tti ? 'ok' : 'MISSED'}`);
console.log(`Advance 1 day with a producer at 200 MiB/s on demand: ${days.map((ms) => ms.toFixed(0)).join(', ')} ms, `
  + `median ${day.toFixed(0)} ms (target < 2000 ms) ${ok.day ? 'ok' : 'MISSED'}; `
  + `retrying: ${retriedAtMax.toFixed(0)} ms, and at 199.2 MiB/s ${retriedDay.toFixed(0)} ms (info)`);
if (check && !(ok.fcp && ok.tick && ok.tti && ok.day)) process.exit(1);
