// Path arithmetic over file:// URIs, pure (no node:path), so the same code runs for disk and memory hosts.

/** The folder of a URI, without a trailing slash. */
export function dirOf(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i < 0 ? uri : uri.slice(0, i);
}

export function baseName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** Segments of word characters, dots, dashes (not `.` or `..` alone), separated by single slashes. */
const PLAIN_RELATIVE = /^(?!\.\.?(?:\/|$))[\w.@+=,-]+(?:\/(?!\.\.?(?:\/|$))[\w.@+=,-]+)*$/;

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
    parts.push(seg);
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

/** Normalises a Flux `path` field (`./a/b/`, `a/b`, `.`, '') to 'a/b' or ''. */
export function cleanRepoPath(p: string): string {
  return p.split('/').filter((s) => s && s !== '.').join('/');
}

const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export function isKustomizationFile(uri: string): boolean {
  return KUSTOMIZATION_FILES.has(baseName(uri));
}
