// The fleet page: a Content Security Policy with the page's nonce and nothing remote, a script that parses, the
// messages the host accepts from it, and the object behind a cell.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Script } from 'node:vm';
import { refOf } from '../../../client/src/cluster/fleet';
import { fromPage } from '../../../client/src/fleet/messages';
import { fleetHtml, makeNonce } from '../../../client/src/fleet/page';
import { FLEET_SCRIPT } from '../../../client/src/fleet/pageScript';

describe('fleet page', () => {
  const nonce = makeNonce();
  const html = fleetHtml(nonce, 'vscode-webview://abc');

  it('allows only its own nonce and the webview source, and loads nothing remote', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce}'`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.doesNotMatch(html, /(src|href)="https?:/);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, new RegExp(`<script nonce="${nonce}">`));
    assert.match(nonce, /^[0-9a-f]{32}$/);
    assert.notEqual(makeNonce(), nonce);
  });

  it('ships a script that parses and draws with DOM calls only', () => {
    assert.doesNotThrow(() => new Script(FLEET_SCRIPT));
    assert.doesNotMatch(FLEET_SCRIPT, /innerHTML|eval\(/);
  });

  it('accepts only the messages it knows from the page', () => {
    assert.deepEqual(fromPage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(fromPage({ type: 'action', action: 'reconcile', row: 'HelmRelease/a/b', context: 'prod', extra: 1 }), { type: 'action', action: 'reconcile', row: 'HelmRelease/a/b', context: 'prod' });
    assert.equal(fromPage({ type: 'action', action: 'delete', row: 'x', context: 'y' }), undefined);
    assert.equal(fromPage({ type: 'action', action: 'reveal', row: 1, context: 'y' }), undefined);
    assert.equal(fromPage('ready'), undefined);
    assert.deepEqual(fromPage({ type: 'columns', contexts: ['eu-staging', 'eu-production'] }), { type: 'columns', contexts: ['eu-staging', 'eu-production'] });
    assert.equal(fromPage({ type: 'columns', contexts: ['a', 7] }), undefined);
    assert.equal(fromPage({ type: 'columns', contexts: new Array(501).fill('a') }), undefined, 'more columns than a screen holds is not the page');
  });

  it('finds the object of a cell', () => {
    assert.deepEqual(refOf('HelmRelease/cert-manager/cert-manager', 'prod'), { context: 'prod', kindKey: 'helm.toolkit.fluxcd.io/HelmRelease', namespace: 'cert-manager', name: 'cert-manager' });
    assert.equal(refOf('constructor/a/b', 'prod'), undefined);
    assert.equal(refOf('Kustomization', 'prod'), undefined);
  });
});
