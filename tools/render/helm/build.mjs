#!/usr/bin/env node
// Builds the helm module (helm's template engine, helm.sh/helm/v4 as helm-controller v1.6.4 pins it, and
// tools/render/helm/*.go) to WebAssembly into generated/render/helm/, so the render worker loads it like the
// kustomize module. Run by `npm run render` after the kustomize module. With --native it also builds the same Go
// code natively (the bench compares with it); only on demand, since it doubles a cold build.
// Usage: node tools/render/helm/build.mjs [--force] [--native]
// Cached outside the repo under ~/.cache/flux-gitops/render-helm/<key>/ (see ../wasmModule.mjs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasmModule, runBuild } from '../wasmModule.mjs';

const HELM_DIR = path.dirname(fileURLToPath(import.meta.url));

runBuild('helm module', () =>
  buildWasmModule({
    label: 'render (helm)',
    dir: HELM_DIR,
    outDir: path.join(HELM_DIR, '..', '..', '..', 'generated', 'render', 'helm'),
    cacheName: 'render-helm',
    nativeName: process.platform === 'win32' ? 'helm-native.exe' : 'helm-native',
    nativeAlways: false,
    native: process.argv.includes('--native'),
    force: process.argv.includes('--force'),
  }),
);
