// Go-to-definition, find-references, document links and dependants for references between objects.
import type { DocumentLink, Location } from 'vscode-languageserver-types';
import type { ServiceContext } from '../context';
import { locationOf } from '../refs/diag';
import { definedAt, refAt, referencesTo } from '../refs/find';
import { fileLinks, folderTarget } from '../refs/links';
import { modelOf } from '../refs/model';
import { resolveRef } from '../refs/resolve';
import type { ParsedFile } from '../yaml/parse';

export function definition(ctx: ServiceContext, file: ParsedFile, offset: number): Location[] {
  const model = modelOf(ctx);
  const hit = refAt(model, file.uri, offset);
  if (hit) return resolveRef(model, hit.referrer, hit.ref).targets.map(locationOf);
  for (const o of model.index.objectsIn(file.uri)) {
    const path = o.facts.kustomization?.path;
    if (!path || offset < path.span.start || offset > path.span.end) continue;
    const dir = model.structure.fluxBuildOf(o)?.dir;
    const target = dir ? folderTarget(model, dir) : undefined;
    return target ? [{ uri: target, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] : [];
  }
  return [];
}

export function references(ctx: ServiceContext, file: ParsedFile, offset: number, includeDeclaration: boolean): Location[] {
  const model = modelOf(ctx);
  const hit = refAt(model, file.uri, offset);
  const targets = hit ? resolveRef(model, hit.referrer, hit.ref).targets : [definedAt(model, file.uri, offset)].filter((o) => !!o);
  const out: Location[] = [];
  for (const t of targets) {
    if (includeDeclaration) out.push(locationOf(t));
    for (const r of referencesTo(model, t)) out.push({ uri: r.referrer.uri, range: r.ref.span.range });
  }
  return out;
}

export function documentLinks(ctx: ServiceContext, file: ParsedFile): DocumentLink[] {
  return fileLinks(modelOf(ctx), file);
}

/** URIs of other files whose diagnostics may change when `uri` changes (its dependants). */
export function dependents(ctx: ServiceContext, uri: string): string[] {
  const model = modelOf(ctx);
  const index = model.index;
  const objects = index.objectsIn(uri);
  const names = new Set([...index.previousNamesOf(uri), ...objects.flatMap((o) => [o.name, ...o.facts.produces.map((p) => p.name)])]);
  const out = new Set<string>();
  // Kinds this file defines or produces: a referrer matters only if it references one of them by that name.
  const kinds = new Set(objects.flatMap((o) => [o.kind, ...o.facts.produces.map((p) => p.kind)]));
  const refersHere = (referrer: string, name: string) =>
    !kinds.size || index.objectsIn(referrer).some((o) => o.facts.refs.some((r) => r.name === name && (!r.spec.kinds.length || r.spec.kinds.some((k) => kinds.has(k)))));
  // References resolve within a cluster: a referrer in another cluster that has its own object of that name
  // does not see this file (one without may: "defined elsewhere in the repository" depends on it).
  const sameCluster = (other: string) => model.structure.sameCluster(uri, other);
  const resolvedAtHome = (referrer: string, name: string) =>
    [...kinds].some((k) => [...index.named(k, name), ...index.producersOf(k, name)].some((o) => o.uri !== uri && model.structure.sameCluster(referrer, o.uri)));
  const definedKinds = new Set(objects.map((o) => o.kind));
  for (const name of names) {
    for (const r of index.referrersOf(name)) if (refersHere(r, name) && (sameCluster(r) || !resolvedAtHome(r, name))) out.add(r);
    for (const kind of definedKinds) for (const twin of index.named(kind, name)) out.add(twin.uri);
  }
  // Copies of one object (a file may hold thousands) have the same dependants: each is looked at once.
  const seen = new Set<string>();
  for (const o of objects) {
    const key = JSON.stringify([o.group, o.kind, o.name, o.namespace, o.facts.refs.map((r) => [r.field, r.name, r.namespace, r.kind]), o.facts.produces, o.facts.kustomization?.path?.value]);
    if (seen.has(key)) continue;
    seen.add(key);
    // Cycle members and rival ExternalSecret owners are diagnosed on the other side too.
    for (const ref of o.facts.refs) for (const t of resolveRef(model, o, ref).targets) out.add(t.uri);
    for (const p of o.facts.produces) for (const rival of index.producersOf(p.kind, p.name)) out.add(rival.uri);
    // Substitutions and namespaces of the files a Kustomization builds follow it (when that part changed).
    if (index.buildChangedIn(uri)) for (const f of model.structure.fluxBuildOf(o)?.files ?? []) out.add(f);
  }
  if (index.kustomizeIn(uri)) for (const f of model.structure.builds.ofDir(uri.slice(0, uri.lastIndexOf('/')))) out.add(f);
  out.delete(uri);
  return [...out];
}
