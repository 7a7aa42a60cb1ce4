// What the page teaches by itself: the start panel on a first visit, with the two capacity modes
// and menus of the tutorials and scenarios, and account limits that say what they count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createProvisioned, openPlayground, root, startProducer, useBundleInChromium } from './harness.mjs';

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
  await page.close(); // an open page keeps saving its session
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
  await page.close(); // an open page keeps saving its session
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
  await page.close(); // an open page keeps saving its session
});

function tutorial(page) {
  return page.getByRole('region', { name: 'Tutorial' });
}

async function inView(page, locator) {
  const box = await locator.boundingBox();
  const { height } = page.viewportSize();
  return box !== null && box.y >= 0 && box.y < height;
}

test('the tutorial can be done for the learner step by step, and ends with a recap', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, `${shared.server.url}?tutorial=capacity-modes`);
  const panel = tutorial(page);
  await panel.getByRole('heading', { name: 'Step 1 of 6: Two ways to have capacity' }).waitFor();
  // The step points at its control, and a hint waits behind a disclosure.
  assert.equal(await page.locator('.create-stream[data-pointed-at]').count(), 1);
  await panel.getByText('Hint', { exact: true }).click();
  await panel.getByText('leave Shard count empty').waitFor();
  for (let step = 1; step <= 6; step += 1) {
    await panel.getByRole('heading', { name: new RegExp(`^Step ${step} of 6`) }).waitFor();
    assert.equal(await panel.getByText('Not done yet').count(), 1, `step ${step} starts not done`);
    await panel.getByRole('button', { name: 'Do it for me' }).click();
    await panel.getByText('✓ Done').waitFor();
    if (step < 6) await panel.getByRole('button', { name: 'Next step' }).click();
  }
  await panel.getByRole('region', { name: 'Recap' }).getByRole('listitem').first().waitFor();
  // What "Do it for me" did is in the inspector like any call: the third switch was refused.
  await page.getByRole('region', { name: 'Inspector' }).getByText('LimitExceededException').first().waitFor();
  assert.deepEqual(errors, []);
  await page.close(); // an open page keeps saving its session
});

test('the throughput tutorial ticks off from the traffic, by hand and done for the learner', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, `${shared.server.url}?tutorial=throughput`);
  const panel = tutorial(page);
  await panel.getByRole('heading', { name: 'Step 1 of 7: A shard has limits' }).waitFor();
  assert.equal(await page.locator('.traffic[data-pointed-at]').count(), 1, 'the step points at Traffic');

  // Step 1 by hand: a one-shard stream, a producer over its limit, a minute.
  await createProvisioned(page, 'orders', '1');
  await startProducer(page.getByRole('region', { name: 'Traffic' }), '1500', '1000', { retries: true });
  assert.equal(await panel.getByText('Not done yet').count(), 1, 'not before a minute of traffic');
  await page.getByRole('button', { name: 'Advance 1 minute' }).click();
  await panel.getByText('✓ Done').waitFor();

  // The rest done for the learner, each step ticking off from the metrics.
  for (let step = 2; step <= 7; step += 1) {
    await panel.getByRole('button', { name: 'Next step' }).click();
    await panel.getByRole('heading', { name: new RegExp(`^Step ${step} of 7`) }).waitFor();
    assert.equal(await panel.getByText('Not done yet').count(), 1, `step ${step} starts not done`);
    await panel.getByRole('button', { name: 'Do it for me' }).click();
    await panel.getByText('✓ Done').waitFor();
  }
  await panel.getByRole('region', { name: 'Recap' }).getByRole('listitem').first().waitFor();
  assert.equal(await page.getByRole('list', { name: 'Producers', exact: true }).count(), 0, 'the producers were stopped');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the step is kept in the address and in storage, and a link to a step sets it up', async () => {
  const url = `${shared.server.url}?tutorial=capacity-modes&step=3`;
  const { page } = await openPlayground(shared.browser.context, url);
  const panel = tutorial(page);
  await panel.getByRole('heading', { name: /^Step 3 of 6/ }).waitFor();
  // The steps before it were done: the on-demand stream of step 1 is ACTIVE.
  await page.getByRole('list', { name: 'Streams' }).getByText('ACTIVE', { exact: true }).waitFor();
  await panel.getByRole('button', { name: 'Next step' }).click();
  await panel.getByRole('heading', { name: /^Step 4 of 6/ }).waitFor();
  assert.match(page.url(), /[?&]tutorial=capacity-modes&step=4/);
  await page.reload();
  await tutorial(page).getByRole('heading', { name: /^Step 4 of 6/ }).waitFor();
  // Opened again without a step (the start panel's link), it resumes where the learner was.
  await page.goto(`${shared.server.url}?tutorial=capacity-modes`);
  await tutorial(page).getByRole('heading', { name: /^Step 4 of 6/ }).waitFor();
  // The learner has streams now: a link to another step asks before replacing them.
  await page.goto(`${shared.server.url}?tutorial=capacity-modes&step=6`);
  const sixth = tutorial(page);
  await sixth.getByRole('heading', { name: /^Step 6 of 6/ }).waitFor();
  const calls = await page.getByRole('region', { name: 'Inspector' }).getByRole('listitem').count();
  await sixth.getByRole('button', { name: 'Start this step from its setup' }).click();
  await sixth.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.getByRole('region', { name: 'Inspector' }).getByRole('listitem').count(), calls);
  // Closing the tutorial takes it out of the address.
  await sixth.getByRole('button', { name: 'Close tutorial' }).click();
  await sixth.waitFor({ state: 'detached' });
  assert.doesNotMatch(page.url(), /tutorial=/);
  await page.close(); // an open page keeps saving its session
});

test('the tutorial stays in view while the page scrolls, beside it or as a bottom sheet', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
    const { page } = await openPlayground(shared.browser.context, `${shared.server.url}?tutorial=capacity-modes`, viewport);
    const panel = tutorial(page);
    await panel.getByRole('button', { name: 'Do it for me' }).click();
    await panel.getByText('✓ Done').waitFor();
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    assert.ok(await inView(page, panel.getByRole('button', { name: 'Next step' })), `Next step in view at ${viewport.width} px`);
    await page.close();
  }
});

test('a trainer presents a scenario step by step, restarts it, and a reload keeps the session', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, `${shared.server.url}?scenario=switch-capacity-modes`);
  const panel = page.getByRole('region', { name: 'Scenario' });
  const inspector = page.getByRole('region', { name: 'Inspector' });
  // Played all at once, as before: the third switch was refused.
  await panel.getByText('Step 9 of 9:').waitFor();
  await inspector.getByText('LimitExceededException').first().waitFor();
  assert.match(page.url(), /\?scenario=switch-capacity-modes$/, 'the link stays in the address');

  await panel.getByRole('button', { name: 'Restart scenario' }).click();
  await panel.getByText('Ready to start: 9 steps. Next: Create a PROVISIONED stream with 2 shards.').waitFor();
  assert.equal(await page.getByRole('list', { name: 'Streams' }).getByRole('listitem').count(), 0);
  assert.ok(await page.getByRole('button', { name: 'Resume' }).isVisible(), 'the clock waits for the trainer');

  await panel.getByRole('button', { name: 'Next step' }).click();
  await panel.getByText('Step 1 of 9: Create a PROVISIONED stream with 2 shards.').waitFor();
  await page.getByRole('list', { name: 'Streams' }).getByText('CREATING', { exact: true }).waitFor();
  await panel.getByRole('button', { name: 'Next step' }).click();
  await panel.getByRole('button', { name: 'Next step' }).click();
  await panel.getByText('Step 3 of 9: Switch it to ON_DEMAND').waitFor();
  await page.getByRole('list', { name: 'Streams' }).getByText('UPDATING', { exact: true }).waitFor();
  await panel.getByRole('button', { name: 'Previous step' }).click();
  await panel.getByText('Step 2 of 9: CREATING ends: ACTIVE.').waitFor();
  await page.getByRole('list', { name: 'Streams' }).getByText('ACTIVE', { exact: true }).waitFor();

  // The learner's own call after step 2 survives a reload: the session continues, not replayed.
  await page.getByRole('button', { name: 'Describe stream' }).click();
  const calls = await inspector.getByRole('listitem').count();
  await page.reload();
  await page.getByRole('region', { name: 'Scenario' }).getByText('Step 2 of 9: CREATING ends: ACTIVE.').waitFor();
  await page.getByRole('list', { name: 'Streams' }).getByText('ACTIVE', { exact: true }).waitFor();
  assert.equal(await inspector.getByRole('listitem').count(), calls);

  await page.getByRole('region', { name: 'Scenario' }).getByRole('button', { name: 'Play all' }).click();
  await page.getByRole('region', { name: 'Scenario' }).getByText('Step 9 of 9:').waitFor();
  await inspector.getByText('LimitExceededException').first().waitFor();
  assert.deepEqual(errors, []);
  await page.close(); // an open page keeps saving its session
});

test('the result of a button shows beside it, explained, linked to the inspector, and is read out', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url, { width: 360, height: 740 });
  const form = page.locator('.create-stream');
  await page.getByRole('textbox', { name: 'Stream name' }).fill('bad name');
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();
  // Beside the form, in view where the button was pressed, not 1,500 px down in the inspector.
  const result = page.locator('.streams-pane .result-line');
  await result.getByText('CreateStream: 400 ValidationException').waitFor();
  await result.getByText('Fix that member and send again.').waitFor();
  assert.ok((await result.boundingBox()).y - (await form.boundingBox()).y < 740, 'next to the form');
  // Its link leads to the call's entry in the inspector.
  await result.getByRole('link', { name: 'Call #1 in the inspector' }).click();
  assert.match(page.url(), /#inspector-call-1$/);
  assert.ok(await page.locator('#inspector-call-1').isVisible());
  // The live region reads the outcome of every request.
  const spoken = () => page.locator('[aria-live="polite"]').allInnerTexts();
  assert.ok((await spoken()).some((t) => t.startsWith('Call 1, CreateStream: 400 ValidationException.')), await spoken());

  await page.getByRole('textbox', { name: 'Stream name' }).fill('orders');
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();
  await result.getByText('CreateStream: 200 OK').waitFor();
  const orders = page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name: 'orders', exact: true });
  await orders.getByRole('button', { name: 'Switch to provisioned' }).click();
  // A stream's own button: the result shows on that stream, and only there.
  await orders.locator('.result-line').getByText('UpdateStreamMode: 400 ResourceInUseException').waitFor();
  await orders.locator('.result-line').getByText('must be ACTIVE').waitFor();
  assert.equal(await page.locator('.result-line').count(), 1, 'one result, the newest, beside its control');
  assert.ok((await spoken()).some((t) => t.startsWith('Call 3, UpdateStreamMode: 400 ResourceInUseException.')));
  assert.deepEqual(errors, []);
  await page.close(); // an open page keeps saving its session
});

test('opening a scenario keeps my own session: the scenario opens beside it', async () => {
  const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
  await page.getByRole('textbox', { name: 'Stream name' }).fill('mine');
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();
  await page.getByRole('list', { name: 'Streams' }).getByText('CREATING', { exact: true }).waitFor();
  // Open on this first visit; a click would close it.
  assert.equal(await page.locator('details.start').evaluate((details) => details.open), true);
  await page.getByRole('navigation', { name: 'Scenarios' }).getByRole('link', { name: 'Your first on-demand stream' }).click();
  const notice = page.getByRole('region', { name: 'Shared session' });
  await notice.getByText(/^You are looking at a scenario\./).waitFor();
  await page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name: 'orders', exact: true }).waitFor();
  assert.equal(await page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name: 'mine' }).count(), 0);

  await notice.getByRole('button', { name: 'Back to my session' }).click();
  await page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name: 'mine', exact: true }).waitFor();
  assert.equal(await page.getByRole('region', { name: 'Scenario' }).count(), 0);
  assert.doesNotMatch(page.url(), /scenario=/, 'the address forgets the scenario left');
  await page.reload();
  await page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name: 'mine', exact: true }).waitFor();
  assert.deepEqual(errors, []);
  await page.close(); // an open page keeps saving its session
});
