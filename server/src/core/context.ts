// What every feature receives: the schemas, the settings snapshot, the workspace and its index.
import type { Logger } from './logger';
import type { SchemaRegistry } from './schema/registry';
import type { Settings } from './settings';
import type { WorkspaceHost } from './workspace/host';
import type { WorkspaceIndex } from './workspace/index';
import type { ParsedFile } from './yaml/parse';

export interface ServiceContext {
  readonly registry: SchemaRegistry;
  readonly logger: Logger;
  readonly settings: () => Settings;
  readonly host: WorkspaceHost;
  readonly index: WorkspaceIndex;
  /** The parse of a file the service knows (open, or read while indexing), if any. */
  readonly parsed: (uri: string) => ParsedFile | undefined;
}

export const SOURCE = 'flux-gitops';
