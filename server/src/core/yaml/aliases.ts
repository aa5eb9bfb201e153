// Alias bombs: a few lines whose aliases, if expanded, make billions of nodes. Nothing here expands aliases
// (the schema walk skips them), but such a document deserves one clear diagnostic rather than silence. The
// expanded size is computed in one pass in document order (an alias counts as the size of its anchor's node,
// which YAML defines before the alias), with an explicit stack and sizes capped at the limit.
import { isAlias, isMap, isPair, isSeq, type Node } from 'yaml';
import type { SyntaxProblem } from './parse';

/** The most nodes a document may expand to through its aliases. */
export const MAX_EXPANDED_NODES = 100_000;

interface Frame {
  readonly node: unknown;
  readonly children: unknown[];
  next: number;
  size: number;
}

export function aliasExpansion(root: Node | null | undefined): SyntaxProblem | undefined {
  if (!root) return undefined;
  const anchors = new Map<string, number>();
  let firstAlias: [number, number] | undefined;
  const stack: Frame[] = [frame(root)];
  let total = 0;
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      if (isAlias(child)) {
        firstAlias ??= child.range ? [child.range[0], child.range[1]] : [0, 0];
        top.size = Math.min(MAX_EXPANDED_NODES + 1, top.size + (anchors.get(child.source) ?? 1));
      } else if (child) stack.push(frame(child));
      continue;
    }
    stack.pop();
    const anchor = (top.node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, top.size);
    if (stack.length) stack[stack.length - 1].size = Math.min(MAX_EXPANDED_NODES + 1, stack[stack.length - 1].size + top.size);
    else total = top.size;
  }
  if (!firstAlias || total <= MAX_EXPANDED_NODES) return undefined;
  return {
    message: `The aliases of this document expand to more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} nodes (an alias bomb); they are neither expanded nor checked.`,
    start: firstAlias[0],
    end: firstAlias[1],
    code: 'alias-limit',
    severity: 'warning',
  };
}

function frame(node: unknown): Frame {
  if (isSeq(node)) return { node, children: node.items, next: 0, size: 1 };
  const children: unknown[] = [];
  if (isMap(node)) for (const pair of node.items) if (isPair(pair)) children.push(pair.key, pair.value);
  return { node, children, next: 0, size: 1 };
}
