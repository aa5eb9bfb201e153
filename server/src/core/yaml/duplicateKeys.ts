// Duplicate mapping keys, found in one pass with a Set per mapping. The yaml library can do this while
// parsing, but pairwise, which cost a quarter of all parse time; indexing does not need it, diagnostics do.
// The walk keeps its own stack (never the call stack, never an argument list as long as a collection).
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { SyntaxProblem } from './parse';

export function duplicateKeys(root: Node | null | undefined): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const stack: unknown[] = root ? [root] : [];
  while (stack.length) {
    const node = stack.pop();
    if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
      continue;
    }
    if (!isMap(node)) continue;
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      stack.push(pair.value);
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const key = String(pair.key.value);
      if (key === '<<') continue;
      if (seen.has(key)) {
        problems.push({ message: `Map keys must be unique: "${key}" appears more than once.`, start: pair.key.range[0], end: pair.key.range[1], code: 'yaml-duplicate-key', severity: 'error' });
      }
      seen.add(key);
    }
  }
  return problems;
}
