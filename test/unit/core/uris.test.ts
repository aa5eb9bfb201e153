import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toPath, toUri } from '../../../server/src/node/diskHost';

const PATHS = [
  '/work/repo/flux/clusters/prod-eu/network/cilium.yaml',
  '/a/b c/d.yaml',
  '/a/ü/ß.yaml',
  '/a/100%/x#y?.yaml',
  '/a/b@c+d,e=f~g/h_i-j.yaml',
  "/a/(x)!$&';/y.yaml",
];

test('file URIs: the fast path gives exactly what the URL module gives, both ways', () => {
  for (const p of PATHS) {
    assert.equal(toUri(p), pathToFileURL(p).toString(), p);
    assert.equal(toPath(toUri(p)), fileURLToPath(pathToFileURL(p)), p);
  }
});
