// The playground in a frame that a documentation site sandboxes with only
// `allow-scripts allow-same-origin`: no forms, no modal dialogs, no popups. Every control must
// still work, and what needs a flag says so rather than fail in silence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, useBundleInChromium } from './harness.mjs';

const shared = useBundleInChromium();

/**
 * A host page on its own origin with the playground at `query` in a frame sandboxed with `flags`;
 * resolves to the page and the frame. Both close when test `t` ends.
 */
async function sandboxed(t, flags, query = '?embed=1') {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-host-'));
  writeFileSync(join(dir, 'index.html'), `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
    <title>A documentation page with a sandboxed frame</title><link rel="icon" href="data:,"></head>
    <body><main><h1>Sandboxed</h1><iframe sandbox="${flags}" title="Kinesis playground"
    style="width: 100%; height: 1400px" src="${shared.server.url}${query}"></iframe></main></body></html>`);
  const host = await serve(dir);
  const page = await shared.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 1500 });
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  t.after(async () => { await page.close(); await host.close(); });
  await page.goto(host.url);
  const frame = page.frameLocator('iframe');
  await frame.getByRole('button', { name: 'Skip to next transition' }).waitFor();
  // Pages of one browser share local storage: start from an empty session.
  await frame.locator('body').evaluate(() => localStorage.clear());
  await page.reload();
  await frame.getByRole('button', { name: 'Skip to next transition' }).waitFor();
  return { page, frame, errors };
}

function stream(frame, name) {
  return frame.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name, exact: true });
}

/**
 * Clicks Skip to next transition until `target` shows. Durations apply to transitions started
 * after they change, so the streams created before Fast end in any order: wait for what is
 * acted on next rather than count skips.
 */
async function skipUntil(frame, target) {
  const skip = frame.getByRole('button', { name: 'Skip to next transition' });
  for (let i = 0; i < 8 && !(await target.isVisible()); i += 1) {
    if (await skip.isEnabled()) await skip.click();
    await target.waitFor({ timeout: 1_000 }).catch(() => {});
  }
  await target.waitFor();
}

test('with only allow-scripts allow-same-origin, every control works', { timeout: 90_000 }, async (t) => {
  const { frame, errors } = await sandboxed(t, 'allow-scripts allow-same-origin');

  // Create: the button's click, and Enter in the name field.
  await frame.getByRole('textbox', { name: 'Stream name' }).fill('clicked');
  await frame.getByRole('radio', { name: 'Provisioned' }).check();
  await frame.getByRole('spinbutton', { name: 'Shard count', exact: true }).fill('2');
  await frame.getByRole('button', { name: 'Create stream', exact: true }).click();
  await stream(frame, 'clicked').getByText('CREATING', { exact: true }).waitFor();
  await frame.getByRole('textbox', { name: 'Stream name' }).fill('entered');
  await frame.getByRole('radio', { name: 'On-demand' }).check();
  await frame.getByRole('textbox', { name: 'Stream name' }).press('Enter');
  await stream(frame, 'entered').getByText('CREATING', { exact: true }).waitFor();
  await frame.getByRole('textbox', { name: 'Stream name' }).fill('shard-entered');
  await frame.getByRole('radio', { name: 'Provisioned' }).check();
  await frame.getByRole('spinbutton', { name: 'Shard count', exact: true }).press('Enter');
  await stream(frame, 'shard-entered').waitFor();

  // The clock.
  await frame.getByRole('button', { name: 'Pause' }).click();
  await frame.getByRole('button', { name: 'Resume' }).click();
  await frame.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  await frame.getByRole('combobox', { name: 'Durations' }).selectOption('fast');
  // Paused from here on, so that each status below lasts until Skip ends it: fast durations at
  // 10x last 50 ms, which a loaded machine can miss between two checks.
  await frame.getByRole('button', { name: 'Pause' }).click();
  await skipUntil(frame, stream(frame, 'clicked').getByText('ACTIVE', { exact: true }));

  // A stream's actions, and the detail view.
  const clicked = stream(frame, 'clicked');
  await clicked.getByRole('spinbutton', { name: 'Target shard count' }).fill('3');
  await clicked.getByRole('button', { name: 'Update shard count' }).click();
  await clicked.getByText('UPDATING', { exact: true }).waitFor();
  await skipUntil(frame, clicked.getByText('3 open shards'));
  await clicked.getByRole('button', { name: 'Describe stream' }).click();
  await frame.getByRole('region', { name: 'Stream details' }).getByRole('list', { name: 'Open shards' }).waitFor();
  await frame.getByRole('region', { name: 'Stream details' }).getByRole('button', { name: 'Close' }).click();
  // 'entered' was created with realistic durations: its CREATING can outlast the fast UPDATING.
  await skipUntil(frame, stream(frame, 'entered').getByText('ACTIVE', { exact: true }));
  await stream(frame, 'entered').getByRole('button', { name: 'Switch to provisioned' }).click();
  await stream(frame, 'entered').getByText('UPDATING', { exact: true }).waitFor();
  await stream(frame, 'shard-entered').getByRole('button', { name: 'Delete stream' }).click();
  await stream(frame, 'shard-entered').getByText('DELETING', { exact: true }).waitFor();
  await frame.getByRole('button', { name: 'List streams' }).click();

  // The request console: its button, and its inspector entry.
  const console = frame.getByRole('region', { name: 'Request console' });
  await console.getByRole('combobox', { name: 'Operation' }).selectOption('DescribeLimits');
  await console.getByRole('button', { name: 'Send request' }).click();
  const inspector = frame.getByRole('region', { name: 'Inspector' });
  const newest = inspector.getByRole('listitem').first();
  await newest.locator('.operation', { hasText: 'DescribeLimits' }).waitFor();
  await newest.getByRole('button', { name: 'Raw response body' }).click();
  await newest.locator('pre.raw').first().waitFor();

  // Reset asks in the page; Cancel keeps everything and gives focus back.
  const reset = frame.getByRole('button', { name: 'Reset', exact: true });
  await reset.click();
  const confirm = frame.getByRole('group', { name: /^Reset the playground\?/ });
  const cancel = confirm.getByRole('button', { name: 'Cancel' });
  assert.ok(await cancel.evaluate((b) => b === document.activeElement), 'focus moves to Cancel');
  await cancel.click();
  await confirm.waitFor({ state: 'detached' });
  assert.ok(await reset.evaluate((b) => b === document.activeElement), 'focus is back on Reset');
  await stream(frame, 'clicked').waitFor();
  // Escape cancels too; then the keyboard alone resets.
  await reset.press('Enter');
  await confirm.waitFor();
  await frame.locator(':focus').press('Escape');
  await confirm.waitFor({ state: 'detached' });
  await stream(frame, 'clicked').waitFor();
  await reset.press('Enter');
  await confirm.getByRole('button', { name: 'Reset everything' }).press('Enter');
  await frame.getByText('No streams yet').waitFor();
  assert.equal(await inspector.getByRole('listitem').count(), 0);
  assert.ok(await reset.evaluate((b) => b === document.activeElement), 'focus is back on Reset');

  // Without allow-popups, Open in full playground cannot open a tab: it says so and offers the link.
  await frame.getByRole('button', { name: 'Open in full playground' }).click();
  const blocked = frame.getByRole('alert').filter({ hasText: 'allow-popups' });
  await blocked.waitFor();
  assert.match(await blocked.getByRole('textbox', { name: 'Link to this session' }).inputValue(), /^http:\/\/127\.0\.0\.1:\d+\/#s=1\./);
  await blocked.getByRole('button', { name: 'Dismiss' }).click();
  await blocked.waitFor({ state: 'detached' });
  assert.deepEqual(errors.filter((e) => !/allow-popups/.test(e)), []);
});

test('with allow-popups, Open in full playground opens a tab', { timeout: 60_000 }, async (t) => {
  const { frame, errors } = await sandboxed(t, 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox');
  await frame.getByRole('textbox', { name: 'Stream name' }).fill('travels');
  await frame.getByRole('button', { name: 'Create stream', exact: true }).click();
  await stream(frame, 'travels').waitFor();
  const [full] = await Promise.all([
    shared.browser.context.waitForEvent('page'),
    frame.getByRole('button', { name: 'Open in full playground' }).click(),
  ]);
  t.after(() => full.close());
  await stream(full, 'travels').waitFor();
  assert.deepEqual(errors, []);
});
