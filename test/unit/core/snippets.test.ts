// Every kind snippet, with its placeholders filled by their defaults, is a valid manifest of its kind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import snippets from '../../../snippets/flux-gitops.json';
import { openDoc } from '../helpers';

/** `${1:name}` → name, `${4|a,b|}` → a, `$0` → nothing. */
function expand(body: readonly string[]): string {
  return `${body.join('\n')}\n`.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
}

for (const [name, s] of Object.entries(snippets as Record<string, { body: string[] }>)) {
  test(`snippet "${name}" is valid against its schema`, async () => {
    const text = expand(s.body);
    const file = name.startsWith('Kustomize') ? 'kustomization.yaml' : 'doc.yaml';
    const { service, uri } = await openDoc(text, {}, file);
    const errors = service.diagnostics(uri).filter((d) => d.severity === DiagnosticSeverity.Error && d.source === 'flux-gitops' && !String(d.code).startsWith('unresolved'));
    assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], text);
    assert.ok(service.registry.lookup(text.match(/^apiVersion: (.*)$/m)![1], text.match(/^kind: (.*)$/m)![1]), 'the snippet kind has a schema');
  });
}
