// Takes the README's screenshots of the release bundle (build it first: trunk build --release):
// docs/screenshot.png at desktop width and docs/screenshot-narrow.png at 360 px.
import { join } from 'node:path';
import { launch, openPlayground, root, serve } from '../tests/e2e/harness.mjs';

const server = await serve();
const browser = await launch();

async function scene(viewport, file) {
  const { page } = await openPlayground(browser.context, server.url, viewport);
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
  await page.getByText('ACTIVE in', { exact: false }).waitFor();
  await page.screenshot({ path: join(root, 'docs', file), fullPage: viewport.width < 600 });
  await page.close();
}

await scene({ width: 1280, height: 860 }, 'screenshot.png');
await scene({ width: 360, height: 900 }, 'screenshot-narrow.png');
await browser.close();
await server.close();
console.log('wrote docs/screenshot.png and docs/screenshot-narrow.png');
