// Bridges between live objects and manifests: where an object is defined, and which object a position defines.
import type { LanguageService } from '../service';
import { docAt } from '../yaml/parse';
import type { FindObjectRequest, ObjectAtRequest, ObjectsInRequest } from '../../shared/protocol';
import type { ServiceContext } from '../context';
import { modelOf, type Model } from '../refs/model';
import type { IndexedObject } from '../workspace/index';
import { displayName } from '../workspace/paths';

export function findObject(ctx: ServiceContext, p: FindObjectRequest.Params): FindObjectRequest.Result {
  const model = modelOf(ctx);
  const out: FindObjectRequest.Location[] = [];
  for (const o of ctx.index.ofKind(p.kind)) {
    if (o.name !== p.name) continue;
    const namespaces = namespacesOf(model, o);
    if (p.namespace && namespaces.length && !namespaces.includes(p.namespace)) continue;
    out.push({ uri: o.uri, line: o.namePosition.line, character: o.namePosition.character, clusters: clusterNames(model, o.uri) });
  }
  return out;
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
  const clusters = clusterNames(model, uri);
  // A lens belongs on the line a document starts on (its `apiVersion:`); the name's line when not parsed.
  const file = ctx.parsed(uri);
  return ctx.index.objectsIn(uri).map((o) => ({
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.name,
    namespaces: namespacesOf(model, o),
    line: file ? file.lines.positionAt(o.docRange[0]).line : o.namePosition.line,
    clusters,
  }));
}

/** metadata.namespace, else the namespaces kustomize and Flux give the object; empty when unknown. */
function namespacesOf(model: Model, o: IndexedObject): readonly string[] {
  return o.namespace ? [o.namespace] : (model.structure.namespacesOf(o) ?? []);
}

/** The names of the cluster folders whose tree takes a file in. */
function clusterNames(model: Model, uri: string): string[] {
  return [...model.structure.clustersOf(uri)].map(displayName).sort();
}
