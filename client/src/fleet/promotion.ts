// What the client checks of a promotion before showing it: that every range the server meant to replace still
// holds the text it saw (a twin edited since the request is computed again), file by file. Pure.
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { PromoteRequest } from '../../../server/src/shared/protocol';

export type Promotion = Exclude<PromoteRequest.Result, { error: string }>;

/** Each twin file once, with its edits and the text each edit's range held for the server. */
export function promotionFiles(result: Promotion): { target: PromoteRequest.Target; edits: readonly TextEdit[] }[] {
  const seen = new Set<string>();
  return result.targets.flatMap((target) => {
    if (seen.has(target.uri)) return [];
    seen.add(target.uri);
    return [{ target, edits: result.edit.changes?.[target.uri] ?? [] }];
  });
}

/** The twin files whose text at the edits' ranges is no longer what the server saw. */
export function changedSince(result: Promotion, textAt: (uri: string, range: Range) => string | undefined): string[] {
  return promotionFiles(result)
    .filter(({ target, edits }) => edits.some((e, i) => textAt(target.uri, e.range) !== target.replaced[i]))
    .map(({ target }) => target.uri);
}
