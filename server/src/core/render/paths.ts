// The render engine sees the workspace as one file tree: with one workspace folder, paths relative to it;
// with several, each folder's files under its own name. These functions map URIs to that tree and back; the
// tree holds plain paths (a kustomization.yaml names `my dir/a.yaml`, not `my%20dir/a.yaml`).
import { baseName, relativeTo } from '../workspace/paths';
import { decodeUriPath, encodeUriPath } from '../workspace/uri';

export class RenderPaths {
  private readonly prefixes: readonly string[];

  constructor(private readonly roots: readonly string[]) {
    const clean = roots.map((r) => r.replace(/\/+$/, ''));
    this.roots = clean;
    this.prefixes = clean.length === 1 ? [''] : clean.map((r, i) => `${decodeUriPath(baseName(r)) || `root${i}`}/`);
  }

  /** The render tree's path of a file or folder URI, undefined when it lies outside every workspace folder. */
  toRender(uri: string): string | undefined {
    for (let i = 0; i < this.roots.length; i++) {
      const rel = relativeTo(this.roots[i], uri);
      if (rel !== undefined) return `${this.prefixes[i]}${decodeUriPath(rel)}`.replace(/\/$/, '') || '.';
    }
    return undefined;
  }

  /** The URI of a render tree path (as the engine reports origins), undefined when it names no folder. */
  toUri(renderPath: string): string | undefined {
    const clean = renderPath.replace(/^\.?\/+/, '');
    for (let i = 0; i < this.roots.length; i++) {
      const prefix = this.prefixes[i];
      if (!prefix) return `${this.roots[i]}/${encodeUriPath(clean)}`;
      if (clean.startsWith(prefix)) return `${this.roots[i]}/${encodeUriPath(clean.slice(prefix.length))}`;
    }
    return undefined;
  }
}
