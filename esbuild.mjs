// Bundles the extension client, the language server and the checker into dist/,
// and copies the generated schema bundles next to them so the server reads them offline.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/node/scanWorker.ts'], outfile: 'dist/scanWorker.js' },
  { ...common, entryPoints: ['server/src/node/wireWorker.ts'], outfile: 'dist/wireWorker.js' },
  { ...common, entryPoints: ['server/src/node/render/renderWorker.ts'], outfile: 'dist/renderWorker.js' },
];

function copySchemas() {
  if (!existsSync('generated/schemas')) {
    throw new Error('generated/schemas is missing: run `npm run schemas` first (it builds them from pinned modules).');
  }
  mkdirSync('dist/schemas', { recursive: true });
  cpSync('generated/schemas', 'dist/schemas', { recursive: true });
}

// The render module (tools/render, built by `npm run render`): the worker loads these two files from dist/render.
function copyRender() {
  if (!existsSync('generated/render/render.wasm')) {
    console.warn('generated/render is missing: run `npm run render`; until then the server runs without renders.');
    return;
  }
  mkdirSync('dist/render', { recursive: true });
  for (const name of ['render.wasm', 'wasm_exec.js']) cpSync(`generated/render/${name}`, `dist/render/${name}`);
}

// The helm module (tools/render/helm), loaded by the same worker from dist/render/helm when a HelmRelease is rendered.
function copyHelm() {
  if (!existsSync('generated/render/helm/render.wasm')) {
    console.warn('generated/render/helm is missing: run `npm run render`; until then HelmReleases are not rendered.');
    return;
  }
  mkdirSync('dist/render/helm', { recursive: true });
  for (const name of ['render.wasm', 'wasm_exec.js']) cpSync(`generated/render/helm/${name}`, `dist/render/helm/${name}`);
}

copySchemas();
copyRender();
copyHelm();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
