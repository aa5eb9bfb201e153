import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextsFor, contextServes } from '../../../client/src/cluster/contexts';

const CONTEXTS = ['admin@eu-central-production', 'admin@eu-central-staging', 'host-eu'];

test('a cluster folder matches the contexts named like it', () => {
  assert.deepEqual(contextsFor(CONTEXTS, ['eu-central-production']), ['admin@eu-central-production']);
  assert.ok(!contextServes('admin@eu-central-staging', ['eu-central-production']));
});

test('the mapping decides for the folders it names; an unknown folder or none shows every context', () => {
  assert.deepEqual(contextsFor(CONTEXTS, ['eu-central-production'], { 'eu-central-production': 'host-eu' }), ['host-eu']);
  assert.deepEqual(contextsFor(CONTEXTS, ['lab']), CONTEXTS, 'nothing matches: all');
  assert.deepEqual(contextsFor(CONTEXTS, []), CONTEXTS, 'not in a cluster folder: all');
});
