// The fleet's "repository" column: what each cluster folder on the current branch declares of a row's object
// (chart version, image tags, path), from the language server's index, and whether a live cell runs something
// else (not yet applied, or changed by hand). Pure.
import { imagesOf } from '../../../server/src/shared/images';
import type { FleetLayoutRequest } from '../../../server/src/shared/protocol';
import { pathValue, type KObject } from './types';

export type Declared = FleetLayoutRequest.Declared;

/** The declarations by `Kind/name`, for lookups while the fleet is built. */
export type DeclaredIndex = ReadonlyMap<string, readonly Declared[]>;

export function declaredIndex(declared: readonly Declared[] = []): DeclaredIndex {
  const out = new Map<string, Declared[]>();
  for (const d of declared) {
    const key = `${d.kind}/${d.name}`;
    const list = out.get(key);
    if (list) list.push(d);
    else out.set(key, [d]);
  }
  return out;
}

/** A row's declarations: those written in its namespace, or without one (the folder's kustomization sets it). */
export function declaredOf(index: DeclaredIndex, kind: string, namespace: string, name: string): Declared[] {
  return (index.get(`${kind}/${name}`) ?? []).filter((d) => !d.namespace || !namespace || d.namespace === namespace);
}

/** The one line a declaration shows: `chart 1.16.0`, `./apps/x · podinfo:6.7.0`. */
export function declaredText(d: Declared): string {
  const parts: string[] = [];
  if (d.chartVersion) parts.push(`chart ${d.chartVersion}`);
  if (d.path) parts.push(d.path);
  if (d.images?.length) parts.push(d.images.join(', '));
  return parts.join(' · ') || 'declared';
}

/** The repository cell of a row: one text when every cluster folder agrees, else each folder's. */
export function repositoryText(decls: readonly Declared[]): string | undefined {
  if (decls.length === 0) return undefined;
  const texts = new Map<string, string[]>();
  for (const d of [...decls].sort((a, b) => a.cluster.localeCompare(b.cluster))) {
    const t = declaredText(d);
    texts.set(t, [...(texts.get(t) ?? []), d.cluster]);
  }
  if (texts.size === 1) return [...texts.keys()][0];
  return [...texts].map(([t, clusters]) => `${clusters.join(', ')}: ${t}`).join(' · ');
}

const EXACT_VERSION = /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;
const cleanPath = (p: string): string => p.replace(/^\.\//, '').replace(/\/+$/, '') || '.';

const liveImages = (obj: KObject): string[] => imagesOf(pathValue(obj, ['spec', 'images']));

/**
 * How a live object differs from what its cluster folder declares, or undefined when it matches (or nothing can
 * be compared: a chart range, no declaration). `running` is the chart version the cell shows.
 */
export function repositoryDrift(kind: string, obj: KObject, running: string | undefined, d: Declared | undefined): string | undefined {
  if (!d) return undefined;
  const out: string[] = [];
  if (kind === 'HelmRelease' && d.chartVersion && EXACT_VERSION.test(d.chartVersion) && running && running.replace(/^v/, '') !== d.chartVersion.replace(/^v/, '')) {
    out.push(`chart ${running}, the repository declares ${d.chartVersion}`);
  }
  if (kind === 'Kustomization') {
    const path = pathValue(obj, ['spec', 'path']);
    if (d.path && typeof path === 'string' && cleanPath(path) !== cleanPath(d.path)) out.push(`path ${path}, the repository declares ${d.path}`);
    const live = liveImages(obj).join(', ');
    const declared = (d.images ?? []).join(', ');
    if (live !== declared) out.push(`images ${live || 'none'}, the repository declares ${declared || 'none'}`);
  }
  return out.length ? `${out.join('; ')}.` : undefined;
}
