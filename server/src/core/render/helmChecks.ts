// What HelmRelease renders change in the checks: a reference to an object a release of the same cluster renders
// (a Service, ConfigMap or Secret a chart creates) resolves, so it is no longer reported as undefined; and a
// release helm cannot render gets helm's message on its chart. Without renders, nothing changes.
import type { Diagnostic } from 'vscode-languageserver-types';
import { spanDiagnostic } from '../refs/diag';
import type { Model } from '../refs/model';
import { namespacesMatch, resolveRef } from '../refs/resolve';
import type { RefFact } from '../workspace/facts';
import type { IndexedObject } from '../workspace/index';
import type { ReleaseStore } from './helmScheduler';
import { buildKey } from './store';

/** The codes of a reference that does not resolve, which a rendered object can settle. */
const UNRESOLVED = new Set(['unresolved-reference', 'unresolved-external', 'reference-namespace']);

export function applyReleases(store: ReleaseStore | undefined, model: Model, objects: readonly IndexedObject[], found: Diagnostic[]): Diagnostic[] {
  if (!store?.size) return found;
  if (!found.some((d) => UNRESOLVED.has(String(d.code)))) return [...found, ...releaseErrors(store, objects)];
  // The reference each diagnostic starts at, found once for the file (a file may hold thousands of objects).
  const refs = new Map<string, { o: IndexedObject; ref: RefFact }>();
  for (const o of objects) {
    for (const ref of o.facts.refs) {
      const at = startKey(ref.span.range.start);
      if (!refs.has(at)) refs.set(at, { o, ref });
    }
  }
  const settled = (d: Diagnostic): boolean => {
    const hit = UNRESOLVED.has(String(d.code)) ? refs.get(startKey(d.range.start)) : undefined;
    return hit !== undefined && renderedTarget(store, model, hit.o, hit.ref) !== undefined;
  };
  return [...found.filter((d) => !settled(d)), ...releaseErrors(store, objects)];
}

const startKey = (p: { line: number; character: number }): string => `${p.line}:${p.character}`;

/** The HelmRelease that renders the object a reference names, in the referrer's cluster and namespace. */
export function renderedTarget(store: ReleaseStore, model: Model, referrer: IndexedObject, ref: RefFact): { release: string; source?: string } | undefined {
  const res = resolveRef(model, referrer, ref);
  for (const r of store.values()) {
    if (r.result.error || !model.structure.sameCluster(referrer.uri, r.hrUri)) continue;
    const hit = r.result.objects.find((o) => o.name === ref.name && res.kinds.includes(o.kind)
      && namespacesMatch(res.namespaces, [o.namespace ?? r.input.identity.namespace]));
    if (hit) return { release: r.input.identity.name, source: hit.origin?.path };
  }
  return undefined;
}

function releaseErrors(store: ReleaseStore, objects: readonly IndexedObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of objects) {
    if (o.kind !== 'HelmRelease') continue;
    const render = store.get(buildKey(o.uri, o.docIndex));
    const error = render?.result.error;
    if (!error) continue;
    const timeout = error.engine === 'time-limit';
    // helm's messages span lines (a schema's findings); a diagnostic reads better, and the checker prints, on one.
    const said = error.message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
    const message = timeout ? `Not rendered: ${said}.` : `helm cannot render HelmRelease ${o.name}: ${said}`;
    const span = render.chartRange ? { start: 0, end: 0, range: render.chartRange } : chartSpan(o);
    out.push(spanDiagnostic(span, timeout ? 'render-timeout' : 'render-failed', message, timeout ? 'info' : 'error'));
  }
  return out;
}

/** Where the chart is named: its sourceRef or chartRef, else the HelmRelease's name. */
function chartSpan(o: IndexedObject): RefFact['span'] {
  const ref = o.facts.refs.find((r) => r.field.startsWith('spec.chart'));
  if (ref) return ref.span;
  const start = o.namePosition;
  const width = Math.max(0, o.nameRange[1] - o.nameRange[0]);
  return { start: o.nameRange[0], end: o.nameRange[1], range: { start, end: { line: start.line, character: start.character + width } } };
}
