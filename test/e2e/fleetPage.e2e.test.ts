// The fleet page in headless Chromium, under its own Content Security Policy: the table from a fleet model
// (environments and regions over the contexts, a context that is down, a skewed cell), the filters, the
// keyboard (arrows, shortcuts, Enter for the action bar), an update of single cells, and the actions it posts.
// Needs only Chromium (npm run e2e:install), no code-server and no cluster.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildFleet, type FleetSource } from '../../client/src/cluster/fleet';
import { changedCells } from '../../client/src/cluster/fleetUpdates';
import type { KObject } from '../../client/src/cluster/types';
import { fleetHtml } from '../../client/src/fleet/page';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM } from './tools.mjs';


const SINCE = new Date(Date.now() - 3_600_000).toISOString();
const release = (name: string, version: string, suspendedBy?: string): KObject => ({
  kind: 'HelmRelease',
  metadata: { name, namespace: 'ns', generation: 1, ...(suspendedBy ? { annotations: { 'fluxgitops.io/suspended-by': suspendedBy } } : {}) },
  spec: { suspend: !!suspendedBy },
  status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: SINCE }], history: [{ chartVersion: version }] },
});
const source = (context: string, objects: KObject[], phase: FleetSource['phase'] = 'ready', problem?: string): FleetSource => ({
  context,
  phase,
  problem,
  objects: (kind) => objects.filter((o) => o.kind === kind),
  get: (kind, _ns, name) => objects.find((o) => o.kind === kind && o.metadata.name === name),
});
const layout = { categories: ['security'], environments: {}, clusters: ['eu-staging', 'eu-production'], placements: [{ kind: 'HelmRelease', namespace: 'ns', name: 'cert-manager', category: 'security' }] };
const down = source('us-production', [], 'error', 'connect ECONNREFUSED');
const before1 = buildFleet([source('eu-staging', [release('cert-manager', '1.16'), release('grafana', '9')]), source('eu-production', [release('cert-manager', '1.15'), release('grafana', '9', 'bob')]), down], layout);
const after1 = buildFleet([source('eu-staging', [release('cert-manager', '1.16'), release('grafana', '9')]), source('eu-production', [release('cert-manager', '1.16'), release('grafana', '9')]), down], layout);

let browser: Browser;
let page: Page;
const errors: string[] = [];
// Page-side code is written as strings: this file is type-checked without the DOM's types.
const posted = () => page.evaluate('window.posted.splice(0)');
// The page also says which columns are on screen (the host watches those); the action tests read the actions.
const postedActions = async () => ((await posted()) as { type: string }[]).filter((m) => m.type === 'action');
const text = (selector: string) => page.evaluate(`document.querySelector(${JSON.stringify(selector)}).innerText`) as Promise<string>;
const send = (message: unknown) => page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);

before(async () => {
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  // The webview's API, as a stub that records what the page posts (allowed by the page's own nonce).
  const stub = `<script nonce="fleet-test">window.posted=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.posted.push(m),getState:()=>undefined,setState:()=>{}});</script>`;
  await page.setContent(fleetHtml('fleet-test', 'vscode-webview://test').replace('<head>', `<head>${stub}`));
  assert.deepEqual(await posted(), [{ type: 'ready' }]);
  await send({ type: 'full', model: before1 });
  await page.waitForSelector('td.cell');
});

after(async () => {
  await browser?.close();
});

test('draws environments, regions and contexts over the rows, a context that is down, and the skew', async () => {
  const header = await text('thead');
  assert.match(header, /Staging\s+Production/);
  assert.match(header, /eu-staging\s+eu-production\s+⚠ us-production/);
  assert.match(await text('tbody'), /security\s+ns\/cert-manager\s+✔ 1\.16\s*1h\s+✔ 1\.15\s*1h\s+—/i);
  const skewed = await page.evaluate('[...document.querySelectorAll("td.skew")].map((td) => td.dataset.context)');
  assert.deepEqual(skewed, ['eu-production']);
  assert.match(await page.getAttribute('td[data-context="eu-production"][data-row="HelmRelease/ns/grafana"]', 'title') ?? '', /Suspended by bob/);
});

test('says which columns are on screen, and draws the suspended sign without a font glyph', async () => {
  // Polled from here: waitForFunction's string predicate is an eval in the page, which the page's CSP forbids.
  for (let i = 0; i < 100 && !(await page.evaluate('window.posted.some((m) => m.type === "columns")')); i++) await new Promise((r) => setTimeout(r, 50));
  const columns = ((await page.evaluate('window.posted')) as { type: string; contexts?: string[] }[]).filter((m) => m.type === 'columns').pop();
  assert.deepEqual([...(columns?.contexts ?? [])].sort(), ['eu-production', 'eu-staging', 'us-production']);
  const pause = (await page.evaluate('(() => { const r = document.querySelector("td.suspended .icon.pause").getBoundingClientRect(); const s = getComputedStyle(document.querySelector("td.suspended .icon.pause")); return [r.width, r.height, s.borderLeftStyle, s.borderRightStyle]; })()')) as [number, number, string, string];
  assert.ok(pause[0] > 3 && pause[1] > 5, `a visible pause sign: ${pause.join(' ')}`);
  assert.deepEqual(pause.slice(2), ['solid', 'solid']);
});

test('filters by text and by state', async () => {
  await page.fill('#filter', 'graf');
  assert.equal(await page.locator('tr.row:not(.hidden)').count(), 1);
  await page.fill('#filter', '');
  await page.selectOption('#state', 'skew');
  assert.deepEqual(await page.locator('tr.row:not(.hidden) th').allInnerTexts(), ['ns/cert-manager']);
  await page.selectOption('#state', 'all');
  assert.equal(await page.locator('tr.row:not(.hidden)').count(), 2);
});

test('moves with the keyboard and posts the actions, promotion from staging only', async () => {
  await page.focus('td[data-context="eu-staging"][data-row="HelmRelease/ns/cert-manager"]');
  await page.keyboard.press('p');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('p');
  await page.keyboard.press('r');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('s');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate('document.activeElement.textContent'), 'Reveal in Tree');
  await page.keyboard.press('Enter');
  assert.deepEqual(await postedActions(), [
    { type: 'action', action: 'promote', row: 'HelmRelease/ns/cert-manager', context: 'eu-staging' },
    { type: 'action', action: 'reconcile', row: 'HelmRelease/ns/cert-manager', context: 'eu-production' },
    { type: 'action', action: 'resume', row: 'HelmRelease/ns/grafana', context: 'eu-production' },
    { type: 'action', action: 'reveal', row: 'HelmRelease/ns/grafana', context: 'eu-production' },
  ]);
});

test('updates only the cells that changed', async () => {
  const changes = changedCells(before1, after1);
  assert.equal(changes?.length, 2);
  await send({ type: 'cells', changes });
  await page.waitForFunction('document.querySelectorAll("td.skew").length === 0');
  assert.match(await text('tbody'), /ns\/cert-manager\s+✔ 1\.16\s*1h\s+✔ 1\.16\s*1h/);
  assert.deepEqual(errors, []);
});

test('shows a column that is not watched with its summary, and its cells from the last list as not live', async () => {
  const listedAt = Date.now() - 180_000;
  const idle: FleetSource = { ...source('eu-production', [release('cert-manager', '1.15')], 'idle'), summary: '42 ready, 3 failing, 1 suspended', listedAt };
  const unlisted: FleetSource = { ...source('us-production', [], 'idle'), summary: '7 ready' };
  await send({ type: 'full', model: buildFleet([source('eu-staging', [release('cert-manager', '1.16')]), idle, unlisted], layout) });
  await page.waitForSelector('th.idle');
  assert.match(await text('thead'), /eu-production\s+42 ready, 3 failing, 1 suspended\s+us-production\s+7 ready/);
  const cell = 'td[data-context="eu-production"][data-row="HelmRelease/ns/cert-manager"]';
  assert.match((await page.getAttribute(cell, 'class')) ?? '', /\bstale\b/);
  assert.match((await page.getAttribute(cell, 'title')) ?? '', /Not live: listed 3m ago/);
  assert.match((await page.getAttribute('td[data-context="us-production"]', 'title')) ?? '', /Not watched: scroll the column into view/);
  assert.deepEqual(errors, []);
});
