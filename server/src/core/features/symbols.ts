// The objects of a file (outline, breadcrumbs) and of the whole workspace (Go to Symbol in Workspace), from
// the index: a repository of thousands of manifests is searched by object name without opening anything.
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver-types';
import type { ServiceContext } from '../context';
import { locationOf } from '../refs/diag';
import type { IndexedObject } from '../workspace/index';
import type { ParsedFile } from '../yaml/parse';

/** At most this many workspace symbols per query (the editor filters and ranks them further). */
const MAX_RESULTS = 500;

const KIND_SYMBOLS: Readonly<Record<string, SymbolKind>> = {
  GitRepository: SymbolKind.Package,
  OCIRepository: SymbolKind.Package,
  HelmRepository: SymbolKind.Package,
  Bucket: SymbolKind.Package,
  Kustomization: SymbolKind.Module,
  HelmRelease: SymbolKind.Module,
  Namespace: SymbolKind.Namespace,
  Secret: SymbolKind.Key,
  ExternalSecret: SymbolKind.Key,
  ConfigMap: SymbolKind.Constant,
};

function symbolKind(o: IndexedObject): SymbolKind {
  return KIND_SYMBOLS[o.kind] ?? SymbolKind.Object;
}

function detail(o: IndexedObject): string {
  return `${o.kind}${o.namespace ? ` · ${o.namespace}` : ''}`;
}

/** From the index and the line table only: a large document (never parsed whole) has its outline too. */
export function documentSymbols(ctx: ServiceContext, file: Pick<ParsedFile, 'uri' | 'lines'>): DocumentSymbol[] {
  return ctx.index.objectsIn(file.uri).map((o) => ({
    name: o.name,
    detail: detail(o),
    kind: symbolKind(o),
    range: file.lines.range(o.docRange[0], o.docRange[1]),
    selectionRange: locationOf(o).range,
  }));
}

/** Objects whose name (or `namespace/name`, or `Kind/name`) contains the query's characters in order. */
export function workspaceSymbols(ctx: ServiceContext, query: string): SymbolInformation[] {
  const q = query.toLowerCase().replace(/\s+/g, '');
  const out: SymbolInformation[] = [];
  for (const o of ctx.index.all()) {
    if (out.length >= MAX_RESULTS) break;
    if (!matches(q, o)) continue;
    out.push({ name: o.name, kind: symbolKind(o), location: locationOf(o), containerName: detail(o) });
  }
  return out;
}

function matches(q: string, o: IndexedObject): boolean {
  if (!q) return true;
  return [o.name, `${o.namespace ?? ''}/${o.name}`, `${o.kind}/${o.name}`].some((s) => subsequence(q, s.toLowerCase()));
}

function subsequence(q: string, s: string): boolean {
  let i = 0;
  for (let j = 0; j < s.length && i < q.length; j++) if (s[j] === q[i]) i++;
  return i === q.length;
}
