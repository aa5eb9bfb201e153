// The view of the workspace every cross-file feature works on: the index, its build structure, the
// settings and the git remotes. Cheap to get: the structure is cached per structure version.
import type { ServiceContext } from '../context';
import type { Settings } from '../settings';
import type { IndexedObject, WorkspaceIndex } from '../workspace/index';
import { workspaceMeta } from '../workspace/meta';
import { structureOf, type Structure } from '../workspace/structure';
import type { GitRemote } from '../gitea/remote';

export interface Model {
  readonly index: WorkspaceIndex;
  readonly structure: Structure;
  readonly settings: Settings;
  readonly remotes: readonly GitRemote[];
}

export function modelOf(ctx: ServiceContext): Model {
  const meta = workspaceMeta(ctx.host);
  return { index: ctx.index, structure: structureOf(ctx.index, meta.remotes, meta.generation, ctx.host.roots()), settings: ctx.settings(), remotes: meta.remotes };
}

/** The current index entry for an object a cached structure may hold an older copy of. */
export function fresh(index: WorkspaceIndex, o: IndexedObject): IndexedObject | undefined {
  return index.objectsIn(o.uri).find((x) => x.docIndex === o.docIndex && x.kind === o.kind) ?? index.objectsIn(o.uri).find((x) => x.kind === o.kind && x.name === o.name);
}

export function objectOfDoc(index: WorkspaceIndex, uri: string, docIndex: number): IndexedObject | undefined {
  return index.objectsIn(uri).find((o) => o.docIndex === docIndex);
}

export function label(o: IndexedObject, namespaces?: readonly string[]): string {
  const ns = namespaces?.length === 1 ? `${namespaces[0]}/` : o.namespace ? `${o.namespace}/` : '';
  return `${o.kind} ${ns}${o.name}`;
}
