// A field unknown to this profile's schema may be known to another release of the same component (ESO 1.3's
// `onepasswordSDK` under ESO 0.16). Then it is no typo: the "did you mean" fix is withdrawn and the message
// says which release has it, so the user can declare the version the cluster runs.
import type { Node } from 'yaml';
import { nodeAt } from '../yaml/ast';
import { schemaAtPath, type SchemaRegistry } from './registry';
import type { SchemaProblem } from './validate';

export function knownElsewhere(registry: SchemaRegistry, root: Node, apiVersion: string, kind: string, problem: SchemaProblem): SchemaProblem {
  const others = registry.otherReleases?.(registry.lookup(apiVersion, kind)?.group ?? '') ?? [];
  if (!others.length) return problem;
  const hit = nodeAt(root, problem.start);
  const field = hit.path[hit.path.length - 1];
  if (typeof field !== 'string') return problem;
  const parentPath = hit.path.slice(0, -1).map((s) => (typeof s === 'number' ? '[]' : s));
  const knowing = others.find((r) => {
    const k = r.lookup(apiVersion, kind);
    const parent = k && schemaAtPath(r, k.schema, parentPath);
    return !!parent?.properties?.[field];
  });
  if (!knowing) return problem;
  const { replacement: _dropped, ...rest } = problem;
  const origin = knowing.lookup(apiVersion, kind)?.origin.split(' ')[0] ?? knowing.profile;
  return { ...rest, message: `${problem.message.replace(/ Did you mean "[^"]*"\?$/, '')} It exists in ${origin}: declare the version this cluster runs (e.g. the chart version of its HelmRelease) or set the profile.` };
}
