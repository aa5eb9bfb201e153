// The platform's own rules, on when `platform.enabled` is set in .flux-gitops.yaml. Each rule has its own
// code and a default severity that `platform.rules` overrides (`off` silences it).
import type { Diagnostic } from 'vscode-languageserver-types';
import { SOURCE } from '../context';
import { diagnostic, LEVELS, type Level } from '../diagnostic';
import { locationOf } from '../refs/diag';
import type { Model } from '../refs/model';
import { goDurationMs } from '../schema/durations';
import type { PlatformSettings } from '../settings';
import type { IndexedObject } from '../workspace/index';
import { splitApiVersion } from '../../shared/kinds';
import type { ParsedDoc, ParsedFile } from '../yaml/parse';
import { commitStatusProblems } from './commitStatus';
import { categoryOfComponent, CATEGORIES, componentOf, environmentOf, placementOf, type Placement } from './layout';
import { docRange, keyRange, str, valueRange, type Hit } from './ranges';

export const PLATFORM_RULES: Readonly<Record<string, Level>> = {
  'platform-no-sops': 'error',
  'platform-git-url': 'error',
  'platform-git-secret': 'error',
  'platform-interval': 'warning',
  'platform-layout': 'warning',
  'platform-category': 'warning',
  'platform-canary': 'info',
  'platform-commit-status': 'warning',
};

const INTERVALS = { staging: '1m', production: '10m' } as const;

/** The rules that read one file alone (cached with its other local diagnostics). */
export function platformFileDiagnostics(platform: PlatformSettings, file: ParsedFile): Diagnostic[] {
  if (!platform.enabled) return [];
  const placement = placementOf(file.uri);
  const hits: Hit[] = [];
  for (const doc of file.docs) {
    if (!doc.root) continue;
    hits.push(...sopsRule(doc), ...gitRules(doc, platform), ...intervalRule(doc, placement, platform), ...categoryRule(doc, placement));
  }
  hits.push(...layoutRule(file, placement));
  const out: Diagnostic[] = [];
  const said = new Set<string>();
  for (const h of hits) {
    // A component in the wrong folder is said once per file, even when its HelmRelease says it too.
    if (said.has(h.message)) continue;
    said.add(h.message);
    const level = levelOf(platform, h.code);
    if (level !== 'off') out.push(diagnostic(file.lines, h.start, h.end, h.code, h.message, level));
  }
  return out;
}

/** The rules that look across files, from the index alone. */
export function platformWorkspaceDiagnostics(model: Model, objects: readonly IndexedObject[]): Diagnostic[] {
  const platform = model.settings.platform;
  if (!platform.enabled) return [];
  const level = levelOf(platform, 'platform-canary');
  const statusLevel = levelOf(platform, 'platform-commit-status');
  const out: Diagnostic[] = [];
  for (const o of objects) {
    const message = level === 'off' ? undefined : canaryRule(model, o, platform);
    if (message) out.push({ range: locationOf(o).range, severity: LEVELS[level as Level], code: 'platform-canary', source: SOURCE, message });
    if (statusLevel === 'off') continue;
    for (const m of commitStatusProblems(model.index, platform, o)) out.push({ range: locationOf(o).range, severity: LEVELS[statusLevel], code: 'platform-commit-status', source: SOURCE, message: m });
  }
  return out;
}

function levelOf(platform: PlatformSettings, code: string): Level | 'off' {
  return platform.rules[code] ?? PLATFORM_RULES[code];
}

function groupKind(doc: ParsedDoc): string {
  return `${splitApiVersion(doc.identity.apiVersion ?? '').group}/${doc.identity.kind ?? ''}`;
}

function sopsRule(doc: ParsedDoc): Hit[] {
  const out: Hit[] = [];
  const sops = keyRange(doc, ['sops']);
  if (sops && str(doc, ['sops', 'mac'])) out.push({ code: 'platform-no-sops', ...sops, message: 'This document is SOPS-encrypted. The platform keeps no secrets in git: use an ExternalSecret (from OpenBao) instead.' });
  const decryption = groupKind(doc) === 'kustomize.toolkit.fluxcd.io/Kustomization' ? keyRange(doc, ['spec', 'decryption']) : undefined;
  if (decryption) out.push({ code: 'platform-no-sops', ...decryption, message: 'spec.decryption (SOPS) is not used on this platform: secrets come through ExternalSecret and PushSecret.' });
  return out;
}

function gitRules(doc: ParsedDoc, platform: PlatformSettings): Hit[] {
  if (groupKind(doc) !== 'source.toolkit.fluxcd.io/GitRepository') return [];
  const out: Hit[] = [];
  const url = str(doc, ['spec', 'url']);
  const base = platform.giteaUrl?.replace(/\/+$/, '');
  if (url !== undefined && !url.includes('${')) {
    const range = valueRange(doc, ['spec', 'url']) ?? docRange(doc);
    if (!url.startsWith('https://')) out.push({ code: 'platform-git-url', ...range, message: `GitRepository URLs use https${base ? ` on ${base}` : ''} with a token secret, not ${url.split(':')[0]}.` });
    else if (base && !url.startsWith(`${base}/`)) out.push({ code: 'platform-git-url', ...range, message: `GitRepository URLs point at the platform's Gitea (${base}/...).` });
  }
  if (!str(doc, ['spec', 'secretRef', 'name'])) {
    out.push({ code: 'platform-git-secret', ...(keyRange(doc, ['spec']) ?? docRange(doc)), message: 'GitRepository needs spec.secretRef: a Secret with the Gitea token (username/password), produced by an ExternalSecret.' });
  }
  return out;
}

function intervalRule(doc: ParsedDoc, placement: Placement | undefined, platform: PlatformSettings): Hit[] {
  const gk = groupKind(doc);
  const env = placement ? environmentOf(placement.cluster, platform) : undefined;
  let wanted: string | undefined;
  if (gk === 'source.toolkit.fluxcd.io/GitRepository') wanted = '1m';
  else if (gk === 'kustomize.toolkit.fluxcd.io/Kustomization' || gk === 'helm.toolkit.fluxcd.io/HelmRelease') wanted = env ? INTERVALS[env] : undefined;
  if (!wanted) return [];
  const interval = str(doc, ['spec', 'interval']);
  if (interval === undefined || interval.includes('${') || goDurationMs(interval) === goDurationMs(wanted)) return [];
  const where = gk.endsWith('/GitRepository') ? '' : ` in ${env}`;
  return [{ code: 'platform-interval', ...(valueRange(doc, ['spec', 'interval']) ?? docRange(doc)), message: `${doc.identity.kind} interval is ${wanted}${where} on this platform (found ${interval}).` }];
}

function categoryRule(doc: ParsedDoc, placement: Placement | undefined): Hit[] {
  if (!placement?.category || !(placement.category in CATEGORIES) || groupKind(doc) !== 'helm.toolkit.fluxcd.io/HelmRelease') return [];
  const chart = str(doc, ['spec', 'chart', 'spec', 'chart']);
  const component = componentOf(chart ?? '') ?? componentOf(doc.identity.name ?? '');
  const expected = component ? categoryOfComponent(component) : undefined;
  if (!component || !expected || expected === placement.category) return [];
  const range = valueRange(doc, ['spec', 'chart', 'spec', 'chart']) ?? valueRange(doc, ['metadata', 'name']) ?? docRange(doc);
  return [{ code: 'platform-category', ...range, message: categoryMessage(component, expected, placement) }];
}

function categoryMessage(component: string, expected: string, placement: Placement): string {
  return `${component} belongs under ${expected}/, not ${placement.category}/ (flux/clusters/${placement.cluster}/${expected}/${component}/).`;
}

function layoutRule(file: ParsedFile, placement: Placement | undefined): Hit[] {
  const first = file.docs.find((d) => d.root);
  if (!placement || !first) return [];
  const range = valueRange(first, ['kind']) ?? docRange(first);
  if (!placement.category) return [{ code: 'platform-layout', ...range, message: `Manifests live in a category folder: flux/clusters/${placement.cluster}/<category>/ with a category among ${Object.keys(CATEGORIES).join(', ')}.` }];
  if (!(placement.category in CATEGORIES)) return [{ code: 'platform-layout', ...range, message: `"${placement.category}" is not a platform category (${Object.keys(CATEGORIES).join(', ')}).` }];
  const component = placement.component ? componentOf(placement.component) : undefined;
  const expected = component ? categoryOfComponent(component) : undefined;
  if (component && expected && expected !== placement.category) {
    return [{ code: 'platform-category', ...range, message: categoryMessage(component, expected, placement) }];
  }
  return [];
}

function canaryRule(model: Model, o: IndexedObject, platform: PlatformSettings): string | undefined {
  const placement = placementOf(o.uri);
  if (!placement || environmentOf(placement.cluster, platform) !== 'production') return undefined;
  if (placement.category !== 'organizations' || `${o.group}/${o.kind}` !== 'helm.toolkit.fluxcd.io/HelmRelease') return undefined;
  const canaries = model.index.ofKind('Canary').filter((c) => c.group === 'flagger.app' && placementOf(c.uri)?.cluster === placement.cluster && rollsOut(c, o.name));
  if (canaries.length) return undefined;
  return `Applications in production roll out through a Flagger Canary; none named ${o.name} or targeting it in this cluster.`;
}

/** A Canary rolls out a release when it is named like it or its targetRef names the workload the release makes. */
function rollsOut(canary: IndexedObject, release: string): boolean {
  return canary.name === release || canary.facts.refs.some((r) => r.field === 'spec.targetRef' && r.name === release);
}
