// Promotion and the fleet's layout over the real protocol, on a copy of examples/catalyst whose staging
// cert-manager moved on: the edit reaches the production twin's file (closed), with the version and values
// copied and the production interval kept.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { TextEdit } from 'vscode-languageserver-types';
import { FleetLayoutRequest, PromoteRequest } from '../../server/src/shared/protocol';
import { fileUri, ROOT, startServer, type LspSession } from './lspClient';

let dir: string;
let session: LspSession;
const RELEASE = 'security/cert-manager/release.yaml';
const staging = () => path.join(dir, 'flux/clusters/eu-central-staging', RELEASE);
const production = () => path.join(dir, 'flux/clusters/eu-central-production', RELEASE);

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-promote-'));
  cpSync(path.join(ROOT, 'examples/catalyst'), dir, { recursive: true });
  const text = readFileSync(staging(), 'utf8').replace('version: "v1.19.1"', 'version: "v1.20.0"').replace('    crds:\n      enabled: true', '    crds:\n      enabled: true\n    replicaCount: 2');
  writeFileSync(staging(), text);
  session = await startServer(dir);
  await session.waitForLog(/Indexed \d+ YAML files/);
});

after(async () => {
  await session?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function apply(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

test('promote builds the edit of the production twin across files', async () => {
  const uri = fileUri(staging());
  session.open(uri, readFileSync(staging(), 'utf8'));
  const line = readFileSync(staging(), 'utf8').split('\n').indexOf('kind: HelmRelease');
  const result = (await session.connection.sendRequest(PromoteRequest.method, { uri, line, character: 0 })) as PromoteRequest.Result;
  assert.ok(!('error' in result), 'error' in result ? result.error : '');
  assert.deepEqual(result.targets.map((t) => [t.cluster, t.uri, t.changes]), [
    ['eu-central-production', fileUri(production()), ['spec.chart.spec.version: v1.19.1 -> v1.20.0', 'spec.values: replaced']],
  ]);
  assert.deepEqual(result.without, []);
  const out = apply(readFileSync(production(), 'utf8'), result.edit.changes![fileUri(production())]);
  assert.match(out, /version: "v1\.20\.0"/);
  assert.match(out, /replicaCount: 2/);
  assert.match(out, /interval: 10m/, 'production keeps its interval');
});

test('promote refuses what is not a release, and from production', async () => {
  const uri = fileUri(staging());
  const notRelease = (await session.connection.sendRequest(PromoteRequest.method, { uri, line: 1, character: 0 })) as PromoteRequest.Result;
  assert.match('error' in notRelease ? notRelease.error : '', /only HelmReleases and Flux Kustomizations/);
  const prodUri = fileUri(production());
  const line = readFileSync(production(), 'utf8').split('\n').indexOf('kind: HelmRelease');
  const fromProd = (await session.connection.sendRequest(PromoteRequest.method, { uri: prodUri, line, character: 0 })) as PromoteRequest.Result;
  assert.match('error' in fromProd ? fromProd.error : '', /not a staging cluster/);
});

test('the fleet layout names the categories, environments and placements', async () => {
  const layout = (await session.connection.sendRequest(FleetLayoutRequest.method, {})) as FleetLayoutRequest.Result;
  assert.equal(layout.categories[0], 'network');
  assert.deepEqual(layout.environments, { 'eu-central-staging': 'staging', 'eu-central-production': 'production' });
  assert.deepEqual(layout.clusters, ['eu-central-production', 'eu-central-staging']);
  assert.ok(layout.placements.some((p) => p.kind === 'HelmRelease' && p.name === 'cert-manager' && p.category === 'security'));
});
