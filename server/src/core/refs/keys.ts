// Data keys a reader expects in a Secret or ConfigMap it references, checked against the keys the object (or the
// ExternalSecret that writes it) is known to hold: a HelmRelease's `valuesFrom[].valuesKey` (default
// values.yaml), and the credentials a GitRepository reads from its secretRef (username and password, or
// bearerToken, over https; identity and known_hosts over ssh). Silent whenever the keys are decided at run time.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { RefFact } from '../workspace/facts';
import type { IndexedObject } from '../workspace/index';
import { spanDiagnostic } from './diag';
import type { Model } from './model';
import { resolveRef } from './resolve';

export function keyDiagnostics(model: Model, objects: readonly IndexedObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of objects) {
    for (const ref of o.facts.refs) {
      if (ref.optional || ref.wildcard) continue;
      const d = ref.key ? valuesKey(model, o, ref) : gitCredentials(model, o, ref);
      if (d) out.push(d);
    }
  }
  return out;
}

/** The keys every target holds, or undefined when one of them decides its keys at run time (or none is known). */
function knownKeys(model: Model, referrer: IndexedObject, ref: RefFact): { keys: Set<string>; what: string } | undefined {
  const { targets } = resolveRef(model, referrer, ref);
  if (!targets.length) return undefined;
  const keys = new Set<string>();
  for (const t of targets) {
    const produced = t.facts.produces.find((p) => p.name === ref.name && ref.spec.kinds.includes(p.kind) && t.kind !== p.kind);
    const list = produced ? produced.keys : t.facts.dataKeys;
    if (!list) return undefined;
    for (const k of list) keys.add(k);
  }
  const t = targets[0];
  const what = t.kind === 'Secret' || t.kind === 'ConfigMap' ? `${t.kind} ${ref.name}` : `The Secret ${ref.name} that ${t.kind} ${t.name} writes`;
  return { keys, what };
}

function valuesKey(model: Model, referrer: IndexedObject, ref: RefFact): Diagnostic | undefined {
  const key = ref.key!;
  if (key.value.includes('${')) return undefined;
  const known = knownKeys(model, referrer, ref);
  if (!known || known.keys.has(key.value)) return undefined;
  const has = known.keys.size ? `it has ${[...known.keys].map((k) => `"${k}"`).join(', ')}` : 'it has no data';
  return spanDiagnostic(key.span ?? ref.span, 'missing-key', `${known.what} has no key "${key.value}" for ${ref.field}: ${has}.`, 'warning');
}

function gitCredentials(model: Model, referrer: IndexedObject, ref: RefFact): Diagnostic | undefined {
  const url = referrer.facts.git?.url?.value;
  if (!url || ref.field !== 'spec.secretRef' || url.includes('${')) return undefined;
  const ssh = url.startsWith('ssh://') || /^[\w.-]+@[\w.-]+:/.test(url);
  const known = knownKeys(model, referrer, ref);
  if (!known) return undefined;
  const has = (...names: string[]) => names.every((n) => known.keys.has(n));
  const ok = ssh ? has('identity', 'known_hosts') : has('username', 'password') || has('bearerToken');
  if (ok) return undefined;
  const wanted = ssh ? '"identity" and "known_hosts"' : '"username" and "password" (or "bearerToken")';
  const have = known.keys.size ? [...known.keys].map((k) => `"${k}"`).join(', ') : 'nothing';
  return spanDiagnostic(ref.span, 'missing-key', `${known.what} holds ${have}; GitRepository ${referrer.name} reads ${wanted} from it for ${ssh ? 'ssh' : 'https'}.`, 'warning');
}
