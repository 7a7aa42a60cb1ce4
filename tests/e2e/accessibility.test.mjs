// Accessibility and look: axe-core (from npm) on the page's main states, the contrast and
// keyboard points it does not catch on its own, the themes without light-dark(), and a layout
// that does not jump as countdowns change or end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPlayground, root, useBundleInChromium } from './harness.mjs';

const shared = useBundleInChromium();
const axeScript = join(root, 'node_modules/axe-core/axe.min.js');

/** axe-core's serious and critical violations on the page as it is, one line each. */
async function seriousViolations(page) {
  await page.addScriptTag({ path: axeScript });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1).join(' ')}`));
}

function stream(page, name) {
  return page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name, exact: true });
}

async function create(page, name, { mode = 'On-demand', shards = '' } = {}) {
  await page.getByRole('textbox', { name: 'Stream name' }).fill(name);
  await page.getByRole('radio', { name: mode }).check();
  if (shards) await page.getByRole('spinbutton', { name: 'Shard count', exact: true }).fill(shards);
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();
  await stream(page, name).getByText('CREATING', { exact: true }).waitFor();
}

/** A session with streams in every state worth drawing: changing, provisioned, resharded. */
async function busySession(page) {
  await create(page, 'orders', { mode: 'Provisioned', shards: '2' });
  await page.getByRole('button', { name: 'Skip to next transition' }).click();
  await stream(page, 'orders').getByText('ACTIVE', { exact: true }).waitFor();
  await stream(page, 'orders').getByRole('spinbutton', { name: 'Target shard count' }).fill('3');
  await stream(page, 'orders').getByRole('button', { name: 'Update shard count' }).click();
  await page.getByRole('button', { name: 'Skip to next transition' }).click();
  await stream(page, 'orders').getByText('3 open shards').waitFor();
  await create(page, 'clicks');
}

for (const [state, query] of [['first visit', ''], ['dark', '?theme=dark'], ['the tutorial', '?tutorial=capacity-modes'],
  ['an embed', '?embed=1'], ['a dark embed', '?embed=1&theme=dark']]) {
  test(`axe-core finds no serious or critical violation: ${state}`, async () => {
    const { page, errors } = await openPlayground(shared.browser.context, shared.server.url);
    await page.goto(`${shared.server.url}${query}`);
    await page.getByRole('button', { name: 'Skip to next transition' }).waitFor();
    if (query.includes('tutorial')) await page.getByRole('region', { name: 'Tutorial' }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'an empty session');
    await busySession(page);
    assert.deepEqual(await seriousViolations(page), [], 'a busy session');
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('axe-core finds no serious or critical violation: the detail view, light and dark', async () => {
  for (const query of ['', '?theme=dark']) {
    const { page, errors } = await openPlayground(shared.browser.context, `${shared.server.url}${query}`);
    await busySession(page);
    await stream(page, 'orders').getByRole('button', { name: 'Describe stream' }).click();
    await page.getByRole('region', { name: 'Stream details' }).getByRole('group', { name: 'Closed shards' }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], query || 'light');
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('the click-to-load page has a main landmark and nothing axe-core calls serious', async () => {
  const page = await shared.browser.context.newPage();
  await page.goto(`${shared.server.url}?embed=1&ctl=1`);
  const main = page.getByRole('main');
  await main.getByRole('button', { name: 'Load the Kinesis playground' }).waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await main.getByRole('button', { name: 'Load the Kinesis playground' }).click();
  await page.getByRole('button', { name: 'Open in full playground' }).waitFor();
  assert.equal(await page.getByRole('main').count(), 1, 'the loaded app brings its own main');
  await page.close();
});

test('an embed has a level-one heading', async () => {
  const { page } = await openPlayground(shared.browser.context, `${shared.server.url}?embed=1`);
  await page.getByRole('heading', { level: 1, name: 'Kinesis capacity-mode playground' }).waitFor();
  await page.close();
});

/** WCAG's contrast ratio of two `rgb(…)` colours. */
function contrast(a, b) {
  const luminance = (rgb) => {
    const [r, g, bl] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The background colour an element is drawn on: its own, or its nearest painted ancestor's. */
function backgroundOf(locator) {
  return locator.evaluate((element) => {
    for (let e = element; e; e = e.parentElement) {
      const colour = getComputedStyle(e).backgroundColor;
      if (!/rgba\(.*, 0\)$/.test(colour) && colour !== 'transparent') return colour;
    }
    return 'rgb(255, 255, 255)';
  });
}

test('fields have borders of at least 3:1 and closed shards labels of 4.5:1, light and dark', async () => {
  for (const query of ['', '?theme=dark']) {
    const { page } = await openPlayground(shared.browser.context, `${shared.server.url}${query}`);
    await busySession(page);
    const fields = [page.getByRole('textbox', { name: 'Stream name' }), page.getByRole('spinbutton', { name: 'Shard count', exact: true }),
      stream(page, 'orders').getByRole('spinbutton', { name: 'Target shard count' }), page.getByRole('combobox', { name: 'Speed' }),
      page.getByRole('textbox', { name: 'Request body' })];
    for (const field of fields) {
      const border = await field.evaluate((e) => getComputedStyle(e).borderTopColor);
      const around = await backgroundOf(field.locator('xpath=..'));
      const ratio = contrast(border, around);
      assert.ok(ratio >= 3, `${query || 'light'}: ${await field.getAttribute('id')} border ${border} on ${around} is ${ratio.toFixed(2)}:1`);
    }
    await stream(page, 'orders').getByRole('button', { name: 'Describe stream' }).click();
    const closed = page.getByRole('group', { name: 'Closed shards' }).getByRole('listitem').first();
    const ratio = contrast(await closed.evaluate((e) => getComputedStyle(e).color), await backgroundOf(closed));
    assert.ok(ratio >= 4.5, `${query || 'light'}: closed shard label ${ratio.toFixed(2)}:1`);
    await page.close();
  }
});

test('the DescribeStream pages box scrolls from the keyboard', async () => {
  const { page } = await openPlayground(shared.browser.context, shared.server.url);
  await create(page, 'paged', { mode: 'Provisioned', shards: '40' });
  await page.getByRole('button', { name: 'Skip to next transition' }).click();
  await stream(page, 'paged').getByRole('button', { name: 'Describe stream' }).click();
  const box = page.getByRole('region', { name: 'Stream details' }).locator('.pages pre').first();
  await box.waitFor();
  assert.ok(await box.evaluate((e) => e.scrollHeight > e.clientHeight), 'the page is long enough to scroll');
  // Recent Chromium makes any scroller focusable; the browsers of workshop laptops need tabindex.
  assert.equal(await box.getAttribute('tabindex'), '0');
  await page.getByRole('region', { name: 'Stream details' }).getByRole('heading', { name: 'DescribeStream pages' }).click();
  for (let i = 0; i < 20 && !(await box.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  assert.ok(await box.evaluate((e) => e === document.activeElement), 'Tab reaches the box');
  await page.keyboard.press('PageDown');
  await page.waitForFunction((e) => e.scrollTop > 0, await box.elementHandle());
  await page.close();
});

// Browsers before 2024 do not know light-dark(): a declaration using it is dropped at computed-value
// time. The stylesheet is put back with light-dark( renamed to a function no browser knows, so this
// Chromium behaves as they do. (In the page rather than with page.route: the service worker
// answers for the stylesheet, out of playwright's sight.)
test('both themes work in a browser without light-dark()', async () => {
  const page = await shared.browser.context.newPage();
  const open = async (query, scheme) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${shared.server.url}${query}`);
    await page.getByRole('button', { name: 'Create stream', exact: true }).waitFor();
    return page.evaluate(async () => {
      const link = document.querySelector('link[rel=stylesheet]');
      const style = document.createElement('style');
      style.textContent = (await (await fetch(link.href)).text()).replaceAll('light-dark(', 'unknown-light-dark(');
      link.replaceWith(style);
      const of = (selector) => getComputedStyle(document.querySelector(selector));
      return { bg: of('body').backgroundColor, text: of('body').color, panel: of('.streams-pane').backgroundColor,
        field: of('#stream-name').borderTopColor };
    });
  };
  const light = await open('', 'light');
  assert.deepEqual(light, { bg: 'rgb(247, 248, 250)', text: 'rgb(27, 31, 36)', panel: 'rgb(255, 255, 255)', field: light.field });
  const dark = await open('', 'dark');
  assert.deepEqual(dark, { bg: 'rgb(20, 23, 28)', text: 'rgb(230, 233, 238)', panel: 'rgb(28, 32, 39)', field: dark.field });
  assert.notEqual(light.field, dark.field);
  // The theme option overrides the system setting either way.
  assert.deepEqual(await open('?theme=dark', 'light'), dark);
  assert.deepEqual(await open('?theme=light', 'dark'), light);
  await page.close();
});

/** Where an element is on the page (not the screen: clicks may scroll), in whole pixels. */
function box(locator) {
  return locator.evaluate((e) => {
    const { x, y, width, height } = e.getBoundingClientRect();
    return [x + scrollX, y + scrollY, width, height].map(Math.round);
  });
}

for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 900 }]) {
  test(`no layout jumps at ${viewport.width} px as a countdown rewraps and ends`, async () => {
    const page = await shared.browser.context.newPage();
    await page.setViewportSize(viewport);
    await page.clock.install({ time: new Date('2026-01-01T00:00:00Z') });
    await page.goto(shared.server.url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await create(page, 'a-stream-with-a-long-name', { mode: 'Provisioned', shards: '12' });
    await page.getByRole('button', { name: 'Skip to next transition' }).click();
    const item = stream(page, 'a-stream-with-a-long-name');
    await item.getByText('ACTIVE', { exact: true }).waitFor();
    await create(page, 'below');
    await page.getByRole('button', { name: 'Skip to next transition' }).click();
    await stream(page, 'below').getByText('ACTIVE', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();

    await item.getByRole('spinbutton', { name: 'Target shard count' }).fill('13');
    await item.getByRole('button', { name: 'Update shard count' }).click();
    const countdown = item.locator('.countdown');
    await countdown.getByText('ACTIVE in 1 min 00 s').waitFor();
    const watched = [item, stream(page, 'below'), page.getByRole('button', { name: 'List streams' })];
    const before = await Promise.all(watched.map(box));
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.clock.runFor(2_000);
    await countdown.getByText('ACTIVE in 58 s').waitFor();
    assert.deepEqual(await Promise.all(watched.map(box)), before, 'from minutes to seconds');
    await page.getByRole('button', { name: 'Skip to next transition' }).click();
    await item.getByText('13 open shards').waitFor();
    assert.equal(await countdown.innerText(), '');
    assert.deepEqual(await Promise.all(watched.map(box)), before, 'once it ends');
    await page.close();
  });
}

test('at 360 px the header takes less than a third of the screen and the clock stays in reach', async () => {
  const { page } = await openPlayground(shared.browser.context, shared.server.url, { width: 360, height: 740 });
  await busySession(page);
  const main = await page.getByRole('main').boundingBox();
  assert.ok(main.y < 740 / 3, `the page's main content starts ${Math.round(main.y)} px down`);
  await page.getByRole('region', { name: 'Inspector' }).scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  assert.ok(await page.evaluate(() => window.scrollY) > 740, 'the page scrolled');
  for (const control of [page.locator('.clock-now'), page.getByRole('button', { name: 'Pause' }),
    page.getByRole('button', { name: 'Skip to next transition' })]) {
    const where = await control.boundingBox();
    assert.ok(where.y >= 0 && where.y + where.height <= 740 / 3, `${await control.innerText()} is on screen at ${Math.round(where.y)}`);
  }
  // The clock bar's controls are in front, not covered by what scrolls beneath them.
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Resume' }).waitFor();
  await page.close();
});

test('at 360 px shard ids in the shard table stay on one line', async () => {
  const { page } = await openPlayground(shared.browser.context, shared.server.url, { width: 360, height: 740 });
  await busySession(page);
  await stream(page, 'orders').getByRole('button', { name: 'Describe stream' }).click();
  const table = page.getByRole('region', { name: 'Stream details' }).getByRole('table');
  const ids = table.getByRole('cell', { name: /^shardId-\d{12}$/ });
  assert.ok(await ids.count() >= 7, 'every shard id, and the parents named alone');
  for (const id of await ids.all()) {
    const lines = await id.evaluate((e) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    assert.equal(lines, 1, `${await id.innerText()} on ${lines} lines`);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
  await page.close();
});
