// Measures the release bundle in headless Chromium (build it first: trunk build --release):
//   - first contentful paint of a fresh page on localhost (median of 5 loads; target < 300 ms);
//   - how long a clock tick takes, dispatch to DOM, with 200 streams and the clock at 60x
//     (the app's own Performance API measures "tick"; target < 16 ms).
// Prints the figures; with --check, exits 1 when a target is missed.
import { launch, serve } from '../tests/e2e/harness.mjs';

const check = process.argv.includes('--check');
const server = await serve();
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

async function tickTimes() {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(server.url);
  await page.evaluate((saved) => localStorage.setItem('kinesis-playground.session', JSON.stringify(saved)),
    session200(Date.now() - 3_600_000));
  await page.reload();
  const items = page.getByRole('list', { name: 'Streams' }).getByRole('listitem');
  await items.nth(199).waitFor();
  const count = await items.count();
  await page.evaluate(() => performance.clearMeasures('tick'));
  await page.waitForTimeout(5000); // the measurement itself: 20 ticks of real rendering
  const durations = await page.evaluate(() => performance.getEntriesByName('tick').map((e) => e.duration));
  await page.close();
  durations.sort((a, b) => a - b);
  const at = (q) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))];
  return { count, ticks: durations.length, median: at(0.5), p95: at(0.95), max: durations.at(-1) };
}

const fcp = await firstContentfulPaint();
const ticks = await tickTimes();
await browser.close();
await server.close();

const ok = { fcp: fcp < 300, tick: ticks.p95 < 16 };
console.log(`first contentful paint: ${fcp.toFixed(0)} ms (median of 5; target < 300 ms) ${ok.fcp ? 'ok' : 'MISSED'}`);
console.log(`tick with ${ticks.count} streams at 60x: median ${ticks.median.toFixed(1)} ms, p95 ${ticks.p95.toFixed(1)} ms, `
  + `max ${ticks.max.toFixed(1)} ms over ${ticks.ticks} ticks (target < 16 ms) ${ok.tick ? 'ok' : 'MISSED'}`);
if (check && !(ok.fcp && ok.tick)) process.exit(1);
