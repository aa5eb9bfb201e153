import assert from 'node:assert/strict';
import { test } from 'node:test';

import { goEnv, parseJsonStream, requiredVersion } from '../../../tools/schemas/gomod.mjs';

test('parseJsonStream splits the objects printed by go mod download -json', () => {
  const text = [
    '{',
    '\t"Path": "github.com/fluxcd/source-controller",',
    '\t"Version": "v1.9.5",',
    '\t"Dir": "/mod/github.com/fluxcd/source-controller@v1.9.5"',
    '}',
    '{',
    '\t"Path": "github.com/fluxcd/notification-controller",',
    '\t"Version": "v1.9.4",',
    '\t"Error": "github.com/fluxcd/notification-controller@v1.9.4: reading https://proxy.golang.org/...: 404 Not Found"',
    '}',
    '',
  ].join('\n');
  const infos = parseJsonStream(text);
  assert.equal(infos.length, 2);
  assert.equal(infos[0].Dir, '/mod/github.com/fluxcd/source-controller@v1.9.5');
  assert.match(infos[1].Error, /404 Not Found/);
});

test('requiredVersion reads a requirement from a require block or a single-line require', () => {
  const block = 'module m\n\ngo 1.26.0\n\nrequire (\n\tsigs.k8s.io/controller-tools v0.21.0 // indirect\n\tsigs.k8s.io/yaml v1.6.0\n)\n';
  assert.equal(requiredVersion(block, 'sigs.k8s.io/controller-tools'), 'v0.21.0');
  assert.equal(requiredVersion('module m\nrequire sigs.k8s.io/yaml v1.6.0\n', 'sigs.k8s.io/yaml'), 'v1.6.0');
  assert.equal(requiredVersion(block, 'sigs.k8s.io/controller-runtime'), undefined);
});

test('goEnv replaces any -mod flag and turns off workspaces and toolchain switching', () => {
  const saved = process.env.GOFLAGS;
  process.env.GOFLAGS = '-buildvcs=false -mod=vendor';
  try {
    const env = goEnv('readonly');
    assert.equal(env.GOFLAGS, '-buildvcs=false -mod=readonly');
    assert.equal(env.GOWORK, 'off');
    assert.equal(env.GOTOOLCHAIN, 'local');
  } finally {
    if (saved === undefined) delete process.env.GOFLAGS;
    else process.env.GOFLAGS = saved;
  }
});
