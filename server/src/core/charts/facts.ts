// What the index keeps for chart resolution (plan.ts): a HelmRelease's or HelmChart's chart and version, a
// HelmRepository's type, an OCIRepository's ref. Read at index time, so that closed files need no parse.
import type { YAMLMap } from 'yaml';
import { nodeAtPath } from '../yaml/ast';
import { scalarString } from '../yaml/parse';

export interface ChartFacts {
  /** The chart's name, or its path in a Git or Bucket source. */
  readonly chart?: string;
  /** A version or a semver range. */
  readonly version?: string;
  /** A HelmRepository's `spec.type` (`oci` or the default). */
  readonly type?: string;
  readonly tag?: string;
  readonly semver?: string;
  readonly digest?: string;
}

const SOURCE = 'source.toolkit.fluxcd.io';

export function chartFacts(group: string, kind: string, root: YAMLMap): ChartFacts | undefined {
  if (group === 'helm.toolkit.fluxcd.io' && kind === 'HelmRelease') {
    return clean({ chart: str(root, ['spec', 'chart', 'spec', 'chart']), version: str(root, ['spec', 'chart', 'spec', 'version']) });
  }
  if (group !== SOURCE) return undefined;
  if (kind === 'HelmChart') return clean({ chart: str(root, ['spec', 'chart']), version: str(root, ['spec', 'version']) });
  if (kind === 'HelmRepository') return clean({ type: str(root, ['spec', 'type']) });
  if (kind === 'OCIRepository') {
    return clean({ tag: str(root, ['spec', 'ref', 'tag']), semver: str(root, ['spec', 'ref', 'semver']), digest: str(root, ['spec', 'ref', 'digest']) });
  }
  return undefined;
}

function str(root: YAMLMap, path: readonly string[]): string | undefined {
  return scalarString(nodeAtPath(root, path));
}

function clean(facts: Record<string, string | undefined>): ChartFacts | undefined {
  const kept = Object.entries(facts).filter(([, v]) => v !== undefined);
  return kept.length ? (Object.fromEntries(kept) as ChartFacts) : undefined;
}
