// Go-to-definition, find-references and document links for references between objects.
// Owned by the workspace-intelligence feature; returns nothing until it is wired.
import type { DocumentLink, Location } from 'vscode-languageserver-types';
import type { ServiceContext } from '../context';
import type { ParsedFile } from '../yaml/parse';

export function definition(_ctx: ServiceContext, _file: ParsedFile, _offset: number): Location[] {
  return [];
}

export function references(_ctx: ServiceContext, _file: ParsedFile, _offset: number, _includeDeclaration: boolean): Location[] {
  return [];
}

export function documentLinks(_ctx: ServiceContext, _file: ParsedFile): DocumentLink[] {
  return [];
}

/** URIs of other files whose diagnostics may change when `uri` changes (its dependants). */
export function dependents(_ctx: ServiceContext, _uri: string): string[] {
  return [];
}
