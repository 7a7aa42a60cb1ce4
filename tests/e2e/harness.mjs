// Shared by the end-to-end tests and scripts: serve the release bundle on 127.0.0.1 and drive
// Debian's Chromium with playwright-core (never a downloaded browser:
// docs/toolchain.md §2.6, §5.2).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const root = resolve(fileURLToPath(import.meta.url), '../../..');
export const dist = join(root, 'dist');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
};

/**
 * Serves `dir` on 127.0.0.1 at a free port; resolves to { url, close }. With `gzip`, answers a
 * client that accepts it with gzipped bodies, as a static host would (for timings over a
 * throttled network).
 */
export async function serve(dir = dist, { gzip = false } = {}) {
  const zipped = new Map();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      const headers = { 'content-type': types[extname(file)] ?? 'application/octet-stream' };
      if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        if (!zipped.has(file)) zipped.set(file, gzipSync(body, { level: 9 }));
        res.writeHead(200, { ...headers, 'content-encoding': 'gzip' }).end(zipped.get(file));
        return;
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  // A browser still open keeps its connections alive; close() must not wait for them.
  const close = () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); });
  return { url: `http://127.0.0.1:${port}/`, close };
}

/**
 * Starts the release kinesis-endpoint on a free port with `args`; resolves to { url, stop } once
 * it listens (`url` without a trailing slash).
 */
export async function startEndpoint(args = []) {
  const endpoint = spawn(join(root, 'target/release/kinesis-endpoint'), ['--port', '0', ...args]);
  const url = await new Promise((resolve, reject) => {
    endpoint.stdout.on('data', (chunk) => {
      const match = /listening on (http:\/\/\S+?)\/?(\s|$)/.exec(String(chunk));
      if (match) resolve(match[1]);
    });
    endpoint.on('exit', (code) => reject(new Error(`kinesis-endpoint exited with ${code}`)));
  });
  return { url, stop: () => endpoint.kill('SIGTERM') };
}

/** A headless Chromium with a fresh profile; `close()` also removes the profile. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'playground-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

/**
 * Opens the playground in a new page with an empty saved session (pages of one browser context
 * share local storage) and collects console errors and page errors.
 */
/** Waits until the page has drawn every part: its first task draws the streams, the rest follow. */
export async function drawn(page) {
  await page.locator('main.layout:not([aria-busy])').waitFor();
}

export async function openPlayground(context, url, viewport = { width: 1280, height: 900 }) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByRole('button', { name: 'Create stream' }).waitFor();
  await drawn(page);
  return { page, errors };
}

/**
 * For a test file: serves the release bundle and launches Chromium before its tests, and stops
 * both after them. The returned object's `server` and `browser` are set once `before` has run.
 */
export function useBundleInChromium() {
  const shared = {};
  before(async () => {
    shared.server = await serve();
    shared.browser = await launch();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/** Creates a provisioned stream of `shards` shards from the form and waits until it is ACTIVE. */
export async function createProvisioned(page, name, shards) {
  await page.getByRole('textbox', { name: 'Stream name' }).fill(name);
  await page.getByRole('radio', { name: 'Provisioned' }).check();
  await page.getByRole('spinbutton', { name: 'Shard count', exact: true }).fill(shards);
  await page.getByRole('button', { name: 'Create stream', exact: true }).click();
  await page.getByRole('button', { name: 'Skip to next transition' }).click();
  await page.getByRole('list', { name: 'Streams' }).getByRole('listitem', { name, exact: true })
    .getByText('ACTIVE', { exact: true }).waitFor();
}

/** Starts a producer from the Traffic region `region`: `rate` records a second of `bytes` bytes. */
export async function startProducer(region, rate, bytes, { retries = false } = {}) {
  await region.getByRole('spinbutton', { name: 'Records per second' }).fill(rate);
  await region.getByRole('spinbutton', { name: 'Record size (bytes)' }).fill(bytes);
  if (retries) await region.getByRole('checkbox', { name: 'Retry throttled records' }).check();
  await region.getByRole('button', { name: 'Start producer' }).click();
}
