// Hover sections for references (what a sourceRef resolves to, where a GitRepository points in Gitea).
// Owned by the workspace-intelligence feature; returns nothing until it is wired.
import type { ServiceContext } from '../context';
import type { NodeHit } from '../yaml/ast';
import type { ParsedDoc, ParsedFile } from '../yaml/parse';

export function referenceHover(_ctx: ServiceContext, _file: ParsedFile, _doc: ParsedDoc, _hit: NodeHit): string[] {
  return [];
}
