// Bridges between live objects and manifests: where an object is defined, and which object a position defines.
import type { LanguageService } from '../service';
import { docAt } from '../yaml/parse';
import type { FindObjectRequest, ObjectAtRequest } from '../../shared/protocol';

export function findObject(service: LanguageService, p: FindObjectRequest.Params): FindObjectRequest.Result {
  const out: FindObjectRequest.Location[] = [];
  for (const o of service.index.ofKind(p.kind)) {
    if (o.name !== p.name) continue;
    if (p.namespace && o.namespace && o.namespace !== p.namespace) continue;
    out.push({ uri: o.uri, line: o.namePosition.line, character: o.namePosition.character });
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
