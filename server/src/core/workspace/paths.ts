// Path arithmetic over file:// URIs, pure (no node:path), so the same code runs for disk and memory hosts.
// URIs are encoded (uri.ts); the paths written in manifests are not, so their segments are encoded on the way in
// and relative paths are decoded on the way out to a reader.
import { decodeUriPath, encodeSegment } from './uri';

/** The folder of a URI, without a trailing slash. */
export function dirOf(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i < 0 ? uri : uri.slice(0, i);
}

export function baseName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** Segments of characters a URI keeps as they are (not `.` or `..` alone), separated by single slashes. */
const PLAIN_RELATIVE = /^(?!\.\.?(?:\/|$))[\w.~-]+(?:\/(?!\.\.?(?:\/|$))[\w.~-]+)*$/;

/** Resolves a relative path (`./a`, `../b/c.yaml`, `d`) against a folder URI; undefined for URLs and absolute paths. */
export function joinPath(dirUri: string, rel: string): string | undefined {
  // The common case first: plain names below the folder (`a.yaml`, `./apps/b`), nothing to resolve.
  const plain = rel.startsWith('./') ? rel.slice(2) : rel;
  if (PLAIN_RELATIVE.test(plain)) return `${dirUri}/${plain}`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rel) || rel.startsWith('/') || rel.includes('?')) return undefined;
  const schemeEnd = dirUri.indexOf('://') + 3;
  const prefix = dirUri.slice(0, schemeEnd);
  const parts = dirUri.slice(schemeEnd).split('/');
  for (const seg of rel.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') {
      if (parts.length > 1) parts.pop();
      continue;
    }
    parts.push(encodeSegment(seg));
  }
  return prefix + parts.join('/');
}

/** Every ancestor folder of a URI, nearest first, down to (and including) the scheme root. */
export function ancestors(uri: string): string[] {
  const out: string[] = [];
  let d = dirOf(uri);
  while (d.includes('://') && d.length > d.indexOf('://') + 3) {
    out.push(d);
    const next = dirOf(d);
    if (next === d) break;
    d = next;
  }
  return out;
}

/** `child` relative to folder `dir` when it is inside it ('' for the folder itself), else undefined. */
export function relativeTo(dir: string, child: string): string | undefined {
  if (child === dir) return '';
  return child.startsWith(`${dir}/`) ? child.slice(dir.length + 1) : undefined;
}

/** `child` relative to folder `dir` as a reader writes it (`a b/c+d.yaml`, not encoded), else undefined. */
export function relativePath(dir: string, child: string): string | undefined {
  const rel = relativeTo(dir, child);
  return rel === undefined ? undefined : decodeUriPath(rel);
}

/** The file or folder name of a URI as a reader writes it. */
export function displayName(uri: string): string {
  return decodeUriPath(baseName(uri));
}

/**
 * A file's path as a reader writes it, relative to the workspace folder that holds it (the deepest, when folders
 * nest): `kubernetes/apps/cert-manager/namespace.yaml`. Outside every folder, its whole path.
 */
export function workspaceRelative(roots: readonly string[], uri: string): string {
  let best: string | undefined;
  for (const root of roots) {
    const rel = relativeTo(root.replace(/\/+$/, ''), uri);
    if (rel !== undefined && (best === undefined || rel.length < best.length)) best = rel;
  }
  if (best) return decodeUriPath(best);
  const at = uri.indexOf('://');
  return decodeUriPath(at < 0 ? uri : uri.slice(at + 3));
}

/** Normalises a Flux `path` field (`./a/b/`, `a/b`, `.`, '') to 'a/b' or ''. */
export function cleanRepoPath(p: string): string {
  return p.split('/').filter((s) => s && s !== '.').join('/');
}

const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export function isKustomizationFile(uri: string): boolean {
  return KUSTOMIZATION_FILES.has(baseName(uri));
}
