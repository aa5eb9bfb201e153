#!/usr/bin/env node
// Builds the render module (kustomize + Flux post-build substitution, tools/render/*.go) to WebAssembly, and the
// same Go code as a native binary for the comparison tests and the bench, into generated/render/.
// Usage: node tools/render/build.mjs [--force]
// Cached outside the repo under ~/.cache/flux-gitops/render/<key>/ (see wasmModule.mjs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasmModule, runBuild } from './wasmModule.mjs';

const TOOLS_DIR = path.dirname(fileURLToPath(import.meta.url));

runBuild('render', () =>
  buildWasmModule({
    label: 'render',
    dir: TOOLS_DIR,
    outDir: path.join(TOOLS_DIR, '..', '..', 'generated', 'render'),
    cacheName: 'render',
    nativeName: process.platform === 'win32' ? 'render-native.exe' : 'render-native',
    nativeAlways: true,
    // kyaml's built-in OpenAPI definitions, encoded once here rather than parsed by every render process (schema.go).
    generate: { command: ['./schemagen'], file: 'zz_builtin_schema.go', tag: 'fluxgitops_schema' },
    force: process.argv.includes('--force'),
  }),
);
