// What the page teaches by itself: the start panel on a first visit, with the two capacity modes
// and menus of the tutorials and scenarios, and account limits that say what they count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openPlayground, root, useBundleInChromium } from './harness.mjs';

const shared = useBundleInChromium();

function ids(folder) {
  return readdirSync(join(root, 'static', folder)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

test('a first visit opens the start panel: both modes, and every tutorial and scenario on offer', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url, { width: 360, height: 800 });
  const isOpen = () => page.locator('details.start').evaluate((details) => details.open);
  assert.equal(await isOpen(), true, 'open on an empty account');
  for (const mode of ['Provisioned mode', 'On-demand mode']) {
    const region = page.getByRole('region', { name: mode });
    for (const term of ['Capacity', 'Throughput', 'Billing']) await region.getByText(term, { exact: true }).waitFor();
  }
  await page.getByRole('region', { name: 'Provisioned mode' }).getByText('1,000 records a second').waitFor();
  await page.getByRole('region', { name: 'On-demand mode' }).getByText('double its peak').waitFor();

  const links = async (menu) => page.getByRole('navigation', { name: menu }).getByRole('link').evaluateAll(
    (anchors) => anchors.map((a) => new URL(a.href).search));
  assert.deepEqual(await links('Tutorials'), ids('tutorials').map((id) => `?tutorial=${id}`));
  assert.deepEqual(await links('Scenarios'), ids('scenarios').map((id) => `?scenario=${id}`));
  // The empty list points there.
  await page.getByText('New to capacity modes? Start here').waitFor();

  // A menu entry opens what it names.
  await page.getByRole('navigation', { name: 'Tutorials' }).getByRole('link').first().click();
  await page.getByRole('region', { name: 'Tutorial' }).waitFor();
  assert.equal(await isOpen(), false, 'closed once a tutorial runs');
  await page.locator('details.start > summary').click();
  assert.equal(await isOpen(), true, 'and opens again on request');
  assert.deepEqual(errors, []);
});

test('the start panel stays closed for a learner with streams, and is absent from embeds', async () => {
  const { page } = await openPlayground(shared.browser.context, shared.server.url);
  await page.getByRole('textbox', { name: 'Stream name' }).fill('orders');
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();
  await page.getByText('CREATING', { exact: true }).waitFor();
  await page.reload();
  await page.getByText('CREATING', { exact: true }).waitFor();
  assert.equal(await page.locator('details.start').evaluate((details) => details.open), false);
  assert.equal(await page.getByText('New to capacity modes?').count(), 0);

  await page.goto(`${shared.server.url}?embed=1`);
  await page.getByRole('button', { name: 'Create stream' }).waitFor();
  assert.equal(await page.locator('details.start').count(), 0);
});

test('the account limits say what each figure counts, and why on-demand shards are not in OpenShardCount', async () => {
  const { page } = await openPlayground(shared.browser.context, shared.server.url, { width: 360, height: 800 });
  const limits = page.getByRole('region', { name: 'Account limits' });
  await limits.getByText('open shards of provisioned streams', { exact: true }).waitFor();
  await limits.getByText('the most on-demand streams', { exact: true }).waitFor();
  assert.equal(await limits.locator('[title]').count(), 0, 'nothing hides in a tooltip');
  assert.equal(await limits.getByText("On-demand streams' shards are not in OpenShardCount").count(), 0);

  await page.getByRole('textbox', { name: 'Stream name' }).fill('clicks');
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();
  await page.getByRole('button', { name: 'Skip to next transition' }).click();
  await page.getByText('ACTIVE', { exact: true }).waitFor();
  await limits.getByText("On-demand streams' shards are not in OpenShardCount").waitFor();
  const note = limits.getByText("On-demand streams' shards are not in OpenShardCount");
  assert.ok(await note.isVisible());
});
