// Bridges between live objects and manifests: where an object is defined, and which object a position defines.
import type { LanguageService } from '../service';
import { docAt } from '../yaml/parse';
import type { FindObjectRequest, ObjectAtRequest, ObjectsInRequest } from '../../shared/protocol';
import type { ServiceContext } from '../context';
import { modelOf } from '../refs/model';

export function findObject(ctx: ServiceContext, p: FindObjectRequest.Params): FindObjectRequest.Result {
  const model = modelOf(ctx);
  const out: FindObjectRequest.Location[] = [];
  for (const o of ctx.index.ofKind(p.kind)) {
    if (o.name !== p.name) continue;
    const namespaces = o.namespace ? [o.namespace] : (model.structure.namespacesOf(o) ?? []);
    if (p.namespace && namespaces.length && !namespaces.includes(p.namespace)) continue;
    out.push({ uri: o.uri, line: o.namePosition.line, character: o.namePosition.character, clusters: clusterNames(ctx, o.uri) });
  }
  return out;
}

/** The names of the cluster folders whose tree takes a file in. */
function clusterNames(ctx: ServiceContext, uri: string): string[] {
  return [...modelOf(ctx).structure.clustersOf(uri)].map((d) => d.slice(d.lastIndexOf('/') + 1)).sort();
}

export function objectAt(service: LanguageService, p: ObjectAtRequest.Params): ObjectAtRequest.Result | null {
  const file = service.parsed(p.uri);
  if (!file) return null;
  const doc = docAt(file, file.lines.offsetAt({ line: p.line, character: p.character }));
  const id = doc?.identity;
  if (!id?.apiVersion || !id.kind || !id.name) return null;
  return { apiVersion: id.apiVersion, kind: id.kind, name: id.name, namespace: id.namespace };
}

export function objectsIn(ctx: ServiceContext, uri: string): ObjectsInRequest.Result {
  const model = modelOf(ctx);
  return ctx.index.objectsIn(uri).map((o) => ({
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.name,
    namespaces: o.namespace ? [o.namespace] : [...(model.structure.namespacesOf(o) ?? [])],
    line: lineOfDoc(ctx, uri, o.docRange[0], o.namePosition.line),
    clusters: clusterNames(ctx, uri),
  }));
}

/** The line a document starts on (its `apiVersion:`), where a lens belongs; the name's line when unknown. */
function lineOfDoc(ctx: ServiceContext, uri: string, offset: number, fallback: number): number {
  const file = ctx.parsed(uri);
  return file ? file.lines.positionAt(offset).line : fallback;
}
