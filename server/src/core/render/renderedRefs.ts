// References to Secrets and ConfigMaps, decided by the names a build really produces. namePrefix/nameSuffix and
// a generator's hash suffix rename the objects, and kustomize rewrites only the fields it knows (a Deployment's
// configMapRef, not a HelmRelease's valuesFrom nor a Flux secretRef, unless a `configurations:` file teaches
// it): a reference that names the rendered name resolves, one left on the written name no longer does.
import type { Diagnostic } from 'vscode-languageserver-types';
import { spanDiagnostic } from '../refs/diag';
import type { Model } from '../refs/model';
import { generatorsFor, resolveRef, targetKinds } from '../refs/resolve';
import type { RefFact } from '../workspace/facts';
import type { IndexedObject } from '../workspace/index';
import { buildKey, type BuildRender, type RenderStore } from './store';
import type { RenderedObject } from './types';

/** What the fast index says of a reference that does not resolve. */
const UNRESOLVED = new Set(['unresolved-reference', 'unresolved-external', 'reference-namespace']);
const PRODUCED = new Set(['Secret', 'ConfigMap']);

/** Every rendered Secret and ConfigMap of the store: `kind/namespace/name` to the Flux Kustomizations that render it. */
interface RenderedNames {
  readonly version: number;
  readonly byId: Map<string, string[]>;
  readonly byKind: Map<string, RenderedObject[]>;
}

const tables = new WeakMap<RenderStore, RenderedNames>();

function renderedNames(store: RenderStore): RenderedNames {
  const cached = tables.get(store);
  if (cached?.version === store.version) return cached;
  const table: RenderedNames = { version: store.version, byId: new Map(), byKind: new Map() };
  for (const key of store.keys()) {
    const r = store.get(key);
    for (const o of r?.result.objects ?? []) {
      if (!PRODUCED.has(o.kind) || o.apiVersion !== 'v1') continue;
      const id = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
      table.byId.set(id, [...(table.byId.get(id) ?? []), r!.ksUri]);
      table.byKind.set(o.kind, [...(table.byKind.get(o.kind) ?? []), o]);
    }
  }
  tables.set(store, table);
  return table;
}

/**
 * The file's reference findings with the renders in: an unresolved one that a rendered object answers is dropped,
 * and a reference the index resolved only through objects the renders rename gets an error.
 */
export function renderedReferences(store: RenderStore, model: Model, renders: readonly BuildRender[], uri: string, objects: readonly IndexedObject[], found: Diagnostic[]): Diagnostic[] {
  const names = renderedNames(store);
  const dropped = new Set<Diagnostic>();
  const added: Diagnostic[] = [];
  for (const o of objects) {
    const selves = renders.flatMap((r) => renderedSelf(r.byUri.get(uri) ?? [], o));
    if (!selves.length) continue;
    for (const ref of o.facts.refs) {
      if (ref.wildcard || ref.optional || ref.name.includes('${') || !targetKinds(ref).every((k) => PRODUCED.has(k))) continue;
      const answered = selves.every((self) => renderedTarget(model, names, o, ref, self));
      const reported = found.find((d) => UNRESOLVED.has(String(d.code)) && sameStart(d, ref));
      if (reported && answered) dropped.add(reported);
      if (!reported && !answered && decidedByRenders(store, model, o, ref)) added.push(renamed(names, ref, selves[0]));
    }
  }
  return [...found.filter((d) => !dropped.has(d)), ...added];
}

/** The object a build rendered from this document: same kind, its written name inside the rendered one. */
function renderedSelf(objects: readonly RenderedObject[], o: IndexedObject): RenderedObject[] {
  const same = objects.filter((r) => r.kind === o.kind);
  const hit = same.find((r) => r.name === o.name) ?? same.find((r) => r.name.includes(o.name));
  return hit ? [hit] : [];
}

/** The name the rendered referrer holds at the reference (kustomize may have rewritten it), else as written. */
function renderedRefName(self: RenderedObject, ref: RefFact): string {
  let value: unknown = self.object;
  for (const seg of ref.field.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '')) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[seg] : undefined;
  }
  const name = value && typeof value === 'object' ? (value as Record<string, unknown>).name : undefined;
  return typeof name === 'string' ? name : ref.name;
}

function renderedTarget(model: Model, names: RenderedNames, o: IndexedObject, ref: RefFact, self: RenderedObject): boolean {
  const name = renderedRefName(self, ref);
  const namespace = ref.namespace ?? self.namespace ?? '';
  return targetKinds(ref).some((kind) => (names.byId.get(`${kind}/${namespace}/${name}`) ?? []).some((ks) => model.structure.sameCluster(ks, o.uri)));
}

/** Whether every object the index resolved the reference to is one a clean render decides (renamed or not). */
function decidedByRenders(store: RenderStore, model: Model, o: IndexedObject, ref: RefFact): boolean {
  const rendered = (fileUri: string) => {
    const builds = model.structure.fluxBuildsOf(fileUri);
    return builds.length > 0 && builds.every((b) => {
      const r = store.get(buildKey(b.ks.uri, b.ks.docIndex));
      return !!r && !r.result.error;
    });
  };
  const res = resolveRef(model, o, ref);
  // Only Secret and ConfigMap manifests: what an ExternalSecret or a chart produces is not in a kustomize render.
  const manifests = res.targets.every((t) => PRODUCED.has(t.kind) && t.group === '' && rendered(t.uri));
  const generators = generatorsFor(model, res.kinds, ref.name);
  return (res.targets.length > 0 || generators.length > 0) && manifests && generators.every(rendered);
}

function renamed(names: RenderedNames, ref: RefFact, self: RenderedObject): Diagnostic {
  const kinds = targetKinds(ref);
  const name = renderedRefName(self, ref);
  const like = kinds.flatMap((k) => names.byKind.get(k) ?? []).filter((r) => r.name.includes(ref.name) && (!self.namespace || r.namespace === self.namespace));
  const shown = [...new Set(like.map((r) => r.name))].slice(0, 3);
  const what = `${kinds.join(' or ')} "${name}"${self.namespace ? ` in namespace ${self.namespace}` : ''}`;
  const made = shown.length ? ` kustomize names it ${shown.map((n) => `"${n}"`).join(', ')} (namePrefix/nameSuffix or a generator's hash suffix)` : ' kustomize renames it';
  const message = `${what} is not in the rendered output:${made}, and does not rewrite this field (${ref.field}). Name the rendered object, or add this field to the kustomization's \`configurations:\` (nameReference), or set generatorOptions.disableNameSuffixHash.`;
  return spanDiagnostic(ref.span, 'unresolved-reference', message, 'error');
}

function sameStart(d: Diagnostic, ref: RefFact): boolean {
  const a = d.range.start;
  const b = ref.span.range.start;
  return a.line === b.line && a.character === b.character;
}
