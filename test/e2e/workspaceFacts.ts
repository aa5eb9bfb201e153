// Facts about the workspace under test, read from its files, so the tests follow examples/catalyst as it
// changes instead of hard-coding its object names.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface GitRepositoryFact {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly url: string | undefined;
  /** Path relative to the workspace, with forward slashes. */
  readonly file: string;
  /** 1-based line of `metadata.name`. */
  readonly nameLine: number;
}

function yamlFiles(dir: string, root = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.') || entry === 'node_modules') continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...yamlFiles(full, root));
    else if (/\.ya?ml$/.test(entry)) out.push(full);
  }
  return out;
}

export function gitRepositories(workspace: string): GitRepositoryFact[] {
  const found: GitRepositoryFact[] = [];
  for (const file of yamlFiles(workspace)) {
    const text = readFileSync(file, 'utf8');
    for (const doc of parseAllDocuments(text)) {
      if (!('get' in doc) || doc.get('kind') !== 'GitRepository') continue;
      const name = doc.getIn(['metadata', 'name']);
      if (typeof name !== 'string') continue;
      const node = doc.getIn(['metadata', 'name'], true) as { range?: [number, number, number] } | undefined;
      const offset = node?.range?.[0] ?? 0;
      found.push({
        name,
        namespace: doc.getIn(['metadata', 'namespace']) as string | undefined,
        url: doc.getIn(['spec', 'url']) as string | undefined,
        file: relative(workspace, file).split('\\').join('/'),
        nameLine: text.slice(0, offset).split('\n').length,
      });
    }
  }
  return found;
}
