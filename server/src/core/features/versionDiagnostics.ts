// Where a manifest declares a Flux or ESO release (declarations.ts) that no profile has: one information
// diagnostic on the version saying which profile checks the cluster instead. Never an error: the user cannot
// act on a version mismatch between this extension's profiles and what they run.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ServiceContext } from '../context';
import { spanDiagnostic } from '../refs/diag';
import { chooseRelease, releaseLabel } from '../schema/profileChoice';
import { COMPONENT_LABEL } from '../schema/profiles';
import type { IndexedObject } from '../workspace/index';

export function versionDiagnostics(ctx: ServiceContext, objects: readonly IndexedObject[]): Diagnostic[] {
  const catalog = ctx.catalog;
  if (!catalog) return [];
  const out: Diagnostic[] = [];
  for (const o of objects) {
    for (const d of o.facts.declares ?? []) {
      if (d.version.includes('${')) continue;
      const name = COMPONENT_LABEL[d.component];
      const chosen = chooseRelease(catalog.releases(d.component), d.version);
      if (!chosen) {
        out.push(spanDiagnostic(d.span, 'profile-version', `"${d.version}" is not a version or semver range of ${name}; the manifests it covers are checked with the profile setting.`, 'info'));
      } else if (chosen.fit === 'newer' || chosen.fit === 'older') {
        out.push(spanDiagnostic(d.span, 'profile-version', `${name} ${d.version} is ${chosen.fit} than every schema profile here; the manifests it covers are checked with ${releaseLabel(chosen.release)}.`, 'info'));
      }
    }
  }
  return out;
}
