// Takes the screenshots in docs/ from the release bundle (build it first: trunk build --release),
// each at desktop width and at 360 px (`-narrow`):
//   screenshot       a session with streams and an hour of traffic: the README's picture
//   start-panel      a first visit: the two capacity modes, the tutorials and the scenarios
//   tutorial         the tutorial beside the page (a bottom sheet when narrow), a step done
//   inspector        the compact inspector: one line per call, the newest open
//   traffic          a scenario with traffic: the Traffic, Metrics and Cost regions of a stream
//                    throttled past double its peak until its splits land
//   traffic-calls    the inspector's rows of a producer's and a consumer's calls per minute, one
//                    open onto its first PutRecords call
// Scenes named on the command line are taken alone: node scripts/screenshot.mjs traffic-calls
import { join } from 'node:path';
import { createProvisioned, launch, openPlayground, root, serve, startProducer } from '../tests/e2e/harness.mjs';

const server = await serve();
const browser = await launch();
const WIDE = { width: 1280, height: 860 };
const NARROW = { width: 360, height: 780 };

async function createStreams(page) {
  const name = page.getByRole('textbox', { name: 'Stream name' });
  await name.fill('clickstream');
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();
  await page.getByRole('button', { name: 'Skip to next transition' }).click();
  await name.fill('orders');
  await page.getByRole('radio', { name: 'Provisioned' }).check();
  await page.getByRole('spinbutton', { name: 'Shard count', exact: true }).fill('2');
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();
  await name.fill('orders v2');
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();
  await page.getByText('ACTIVE in', { exact: false }).first().waitFor();
}

const scenes = {
  async screenshot(page, narrow) {
    await createStreams(page);
    // An hour of 3,000 records a second on the on-demand stream: its shards split as it runs.
    const traffic = page.getByRole('region', { name: 'Traffic' });
    await traffic.getByRole('spinbutton', { name: 'Records per second' }).fill('3000');
    await traffic.getByRole('spinbutton', { name: 'Record size (bytes)' }).fill('1000');
    await traffic.getByRole('button', { name: 'Start producer' }).click();
    await page.getByRole('button', { name: 'Advance 1 hour' }).click();
    await page.getByRole('region', { name: 'Metrics' }).getByRole('img').first().waitFor();
    await page.locator('details.start').evaluate((details) => { details.open = false; });
    await page.evaluate(() => window.scrollTo(0, 0));
    return { fullPage: narrow };
  },
  async 'start-panel'() {
    return { fullPage: false };
  },
  async tutorial(page) {
    await page.goto(`${server.url}?tutorial=capacity-modes&step=3`);
    const panel = page.getByRole('region', { name: 'Tutorial' });
    await panel.getByRole('button', { name: 'Do it for me' }).click();
    await panel.getByText('✓ Done').waitFor();
    await panel.getByText('Hint', { exact: true }).click();
    return { fullPage: false };
  },
  async traffic(page) {
    await page.goto(`${server.url}?scenario=on-demand-doubles-its-peak`);
    const metrics = page.getByRole('region', { name: 'Metrics' });
    await metrics.getByRole('img').first().waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await metrics.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -120));
    return { fullPage: false };
  },
  async 'traffic-calls'(page) {
    await createProvisioned(page, 'orders', '1');
    const traffic = page.getByRole('region', { name: 'Traffic' });
    await startProducer(traffic, '1500', '200');
    await traffic.getByRole('button', { name: 'Add consumer' }).click();
    await page.getByRole('button', { name: 'Advance 1 minute' }).click();
    await page.getByRole('button', { name: 'Advance 1 minute' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    const rows = page.getByRole('list', { name: "Producers' and consumers' calls, per minute" });
    const row = rows.getByRole('listitem', { name: /^producer-1 on orders: / }).nth(1);
    await row.getByRole('button').first().click();
    await row.getByRole('listitem', { name: 'Sample call: PutRecords' }).waitFor();
    // The rows' heading just under the clock bar.
    await page.evaluate(() => {
      const heading = document.getElementById('traffic-calls');
      const bar = document.querySelector('.clock-bar').getBoundingClientRect().height;
      window.scrollTo(0, heading.getBoundingClientRect().top + window.scrollY - bar - 12);
    });
    return { fullPage: false };
  },
  async inspector(page) {
    await createStreams(page);
    await page.getByRole('button', { name: 'Describe stream' }).first().click();
    await page.getByRole('region', { name: 'Inspector' }).scrollIntoViewIfNeeded();
    return { fullPage: false };
  },
};

const only = process.argv.slice(2);
for (const [scene, take] of Object.entries(scenes).filter(([scene]) => only.length === 0 || only.includes(scene))) {
  for (const [viewport, suffix] of [[WIDE, ''], [NARROW, '-narrow']]) {
    const { page } = await openPlayground(browser.context, server.url, viewport);
    const { fullPage } = await take(page, viewport === NARROW);
    const file = `${scene}${suffix}.png`;
    await page.screenshot({ path: join(root, 'docs', file), fullPage });
    await page.close();
    console.log(`wrote docs/${file}`);
  }
}
await browser.close();
await server.close();
