// Diagnostics for references that do not resolve. An object the repository clearly manages (the same kind
// is defined for that namespace in the same build scope) is an error; anything else may legitimately live
// outside the repository (bootstrap, another repository, a controller) and is a warning saying so.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ExternalObject } from '../settings';
import { closest } from '../text';
import type { RefFact } from '../workspace/facts';
import type { IndexedObject } from '../workspace/index';
import { globToRegExp } from '../workspace/glob';
import { MARKER_SPEC } from '../workspace/scan';
import { listWithMore, relatedList, shortLocation, spanDiagnostic } from './diag';
import type { Model } from './model';
import { definitionsFor, generatorsFor, namespacesMatch, resolveRef, type Resolution } from './resolve';
import { mayBeRendered } from './rendered';

const MANAGED_ROLES = new Set(['dependsOn', 'provider', 'imageRepository', 'store', 'chart', 'source', 'object', 'generator', 'workload']);
const BOOTSTRAP = 'flux-system';

export function referenceDiagnostics(model: Model, objects: readonly IndexedObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of objects) {
    for (const ref of o.facts.refs) {
      const d = checkRef(model, o, ref);
      if (d) out.push(d);
    }
  }
  return out;
}

function checkRef(model: Model, referrer: IndexedObject, ref: RefFact): Diagnostic | undefined {
  if (ref.wildcard || ref.optional || ref.name.includes('${') || ref.namespace?.includes('${')) return undefined;
  const res = resolveRef(model, referrer, ref);
  if (res.targets.length || (res.produced && generatorsFor(model, res.kinds, ref.name).length)) return undefined;
  if (isDeclaredExternal(model.settings.external, res, ref) || mayBeRendered(model, referrer, ref, res)) return undefined;
  const what = describe(res, ref);
  const elsewhere = res.namespaces && !res.produced ? definitionsFor(model, res.kinds, ref.name, undefined).filter((o) => model.structure.sameCluster(referrer.uri, o.uri)) : [];
  if (elsewhere.length) {
    const where = listWithMore([...new Set(elsewhere.flatMap((o) => model.structure.namespacesOf(o) ?? []))]);
    const info = relatedList(elsewhere, (o) => `${o.kind} ${model.structure.namespacesOf(o)?.join('|') ?? ''}/${o.name}`);
    return spanDiagnostic(ref.span, 'reference-namespace', `${what} is not defined; objects of that name exist in namespace ${where} (${listWithMore(elsewhere.map((o) => shortLocation(model.structure.roots, o)))}). Set the reference's namespace if one of them is meant.`, 'warning', info);
  }
  const peers = managedPeers(model, referrer, ref, res);
  if (peers) {
    const hint = closest(ref.name, peers);
    const d = spanDiagnostic(ref.span, 'unresolved-reference', `${what} is not defined, though this repository defines the ${res.kinds.join('/')} objects ${res.namespaces?.length ? `of namespace ${res.namespaces.join(', ')} ` : ''}in this build.${hint ? ` Did you mean "${hint}"?` : ''}`, 'error');
    // A `$imagepolicy` marker writes `ns:name`: its fix is not a plain replacement.
    return hint && ref.spec !== MARKER_SPEC ? { ...d, data: { replacement: hint } } : d;
  }
  const origin = res.produced ? 'neither defined nor produced (ExternalSecret, generator, ...)' : 'not defined';
  const from = ref.name === BOOTSTRAP ? '`flux bootstrap` (or the Flux Operator) creates it' : 'it must come from outside it (bootstrap, another repository or a controller)';
  return spanDiagnostic(ref.span, 'unresolved-external', `${what} is ${origin} in this repository: ${from}. If so, list it under \`external:\` in .flux-gitops.yaml to silence this.`, 'warning');
}

function describe(res: Resolution, ref: RefFact): string {
  const ns = res.namespaces?.length ? ` in namespace ${res.namespaces.join(' or ')}` : '';
  return `${res.kinds.join(' or ')} "${ref.name}"${ns}`;
}

/** Names of objects of the wanted kinds and namespace that share a build scope with the referrer, if any. */
function managedPeers(model: Model, referrer: IndexedObject, ref: RefFact, res: Resolution): string[] | undefined {
  if (res.produced || !MANAGED_ROLES.has(ref.spec.role) || ref.name === BOOTSTRAP) return undefined;
  const clusters = model.structure.clustersOf(referrer.uri);
  const scopes = model.structure.scopesOf(referrer.uri);
  if ((!clusters.size && !scopes.size) || !res.namespaces) return undefined;
  const together = (uri: string) => clusters.size
    ? [...model.structure.clustersOf(uri)].some((c) => clusters.has(c))
    : [...model.structure.scopesOf(uri)].some((s) => scopes.has(s));
  const names: string[] = [];
  for (const kind of res.kinds) {
    for (const o of model.index.ofKind(kind)) {
      if (o === referrer || model.structure.isPatch(o.uri)) continue;
      if (!namespacesMatch(res.namespaces, model.structure.namespacesOf(o) ?? [])) continue;
      if (together(o.uri)) names.push(o.name);
    }
  }
  const anywhere = definitionsFor(model, res.kinds, ref.name, undefined).filter((o) => together(o.uri));
  return names.length && !anywhere.length ? names : undefined;
}

function isDeclaredExternal(external: readonly ExternalObject[], res: Resolution, ref: RefFact): boolean {
  return external.some((e) => {
    if (!res.kinds.includes(e.kind)) return false;
    if (!globToRegExp(e.name).test(ref.name)) return false;
    return !e.namespace || !res.namespaces || res.namespaces.includes(e.namespace);
  });
}
