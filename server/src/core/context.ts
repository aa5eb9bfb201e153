// What every feature receives: the schemas, the settings snapshot, the workspace and its index.
import type { ChartResolver } from './charts/resolver';
import type { Logger } from './logger';
import type { RenderStore } from './render/store';
import type { ReleaseStore } from './render/helmScheduler';
import type { FileProfiles } from './schema/fileProfiles';
import type { SchemaRegistry } from './schema/registry';
import type { Settings } from './settings';
import type { WorkspaceHost } from './workspace/host';
import type { WorkspaceIndex } from './workspace/index';
import type { ParsedFile } from './yaml/parse';

export interface ServiceContext extends FileProfiles {
  /** The schemas of the profile setting; a file's own are `schemasFor(uri)` (its cluster's profile). */
  readonly registry: SchemaRegistry;
  readonly logger: Logger;
  readonly settings: () => Settings;
  readonly host: WorkspaceHost;
  readonly index: WorkspaceIndex;
  /** The parse of a file the service knows (open, or read while indexing), if any. */
  readonly parsed: (uri: string) => ParsedFile | undefined;
  /** What the render engine said of each Flux Kustomization (empty when renders are off). */
  readonly renders: RenderStore;
  /** What helm rendered of each HelmRelease whose chart can be read (render/helmScheduler.ts). */
  readonly releases?: ReleaseStore;
  /** The charts of HelmReleases, resolved in the background (none: values features are off). */
  readonly charts?: ChartResolver;
}

export const SOURCE = 'flux-gitops';

/** The context as a file sees it: `registry` is the schemas of the file's own profile. */
export function forFile(ctx: ServiceContext, uri: string): ServiceContext {
  const registry = ctx.schemasFor(uri);
  return registry === ctx.registry ? ctx : { ...ctx, registry };
}
