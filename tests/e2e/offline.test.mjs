// Workshops on bad Wi-Fi: after one load, the playground keeps working with the network cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, useBundleInChromium } from './harness.mjs';

const shared = useBundleInChromium();

test('the page works offline after its first load', async () => {
  const page = await shared.browser.context.newPage();
  await page.goto(shared.server.url);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload(); // now under the service worker's control, which caches what loads
  await page.getByRole('button', { name: 'Create stream', exact: true }).waitFor();
  assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)));

  await shared.browser.context.setOffline(true);
  try {
    assert.equal(await page.evaluate(() => fetch('/index.html').then(() => 'online', () => 'offline')), 'online',
      'served from the cache, not the network');
    await page.reload();
    await page.getByRole('button', { name: 'Create stream', exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Stream name' }).fill('offline');
    await page.getByRole('button', { name: 'Create stream', exact: true }).click();
    await page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name: 'offline' }).waitFor();
  } finally {
    await shared.browser.context.setOffline(false);
  }
  await page.close();
});

test('a page whose app cannot be fetched says so instead of staying blank', async () => {
  // A fresh browser: no service worker has kept anything for it.
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    await page.route('**/*.wasm', (route) => route.abort('internetdisconnected'));
    await page.goto(shared.server.url);
    await page.getByRole('alert').getByText('The playground could not be loaded. Check the connection and reload the page.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create stream', exact: true }).count(), 0);
  } finally {
    await browser.close();
  }
});
