// Which Flux and ESO releases a repository says it runs, read from its manifests at index time: the
// `# Flux Version:` header of gotk-components.yaml, a FluxInstance's `spec.distribution.version` (or the
// flux-instance chart's `instance.distribution.version`), the external-secrets HelmRelease's chart version and
// the tag or semver range of an OCIRepository of the external-secrets chart.
import type { Node, YAMLMap } from 'yaml';
import { nodeAtPath, type PathSegment } from '../yaml/ast';
import { scalarString, type ParsedDoc, type ParsedFile } from '../yaml/parse';
import type { Span, VersionDeclaration } from './facts';
import { isFluxInstanceChart } from './operator';

const HEADER = /^# Flux Version: *(\S+)/m;
const ESO_CHART = /(^|\/)external-secrets$/;

export function versionDeclarations(file: ParsedFile, doc: ParsedDoc, group: string, kind: string, root: YAMLMap): VersionDeclaration[] {
  const out: VersionDeclaration[] = [];
  const header = headerDeclaration(file, doc);
  if (header) out.push(header);
  const at = (component: VersionDeclaration['component'], path: PathSegment[], what: string) => {
    const node = nodeAtPath(root, path);
    const version = scalarString(node);
    if (version && node?.range) out.push({ component, version, what, span: spanOf(file, node.range[0], node.range[1]) });
  };
  const name = doc.identity.name ?? '';
  if (group === 'fluxcd.controlplane.io' && kind === 'FluxInstance') at('flux', ['spec', 'distribution', 'version'], `the FluxInstance ${name}`);
  if (group === 'helm.toolkit.fluxcd.io' && kind === 'HelmRelease') {
    if (isFluxInstanceChart(root)) at('flux', ['spec', 'values', 'instance', 'distribution', 'version'], `the HelmRelease ${name} (flux-instance chart values)`);
    if (ESO_CHART.test(str(root, ['spec', 'chart', 'spec', 'chart']) ?? '')) at('eso', ['spec', 'chart', 'spec', 'version'], `the HelmRelease ${name}, chart`);
  }
  if (group === 'source.toolkit.fluxcd.io' && kind === 'OCIRepository' && ESO_CHART.test(str(root, ['spec', 'url']) ?? '')) {
    at('eso', ['spec', 'ref', 'tag'], `the OCIRepository ${name}, tag`);
    at('eso', ['spec', 'ref', 'semver'], `the OCIRepository ${name}, semver`);
  }
  return out;
}

/** The header `flux install` / `flux bootstrap` write atop gotk-components.yaml, given to its first object. */
function headerDeclaration(file: ParsedFile, doc: ParsedDoc): VersionDeclaration | undefined {
  if (!file.uri.endsWith('/gotk-components.yaml') || file.docs.find((d) => d.root && d.identity.kind) !== doc) return undefined;
  const m = HEADER.exec(file.text.slice(0, 4096));
  if (!m) return undefined;
  const start = m.index + m[0].length - m[1].length;
  return { component: 'flux', version: m[1], what: 'the gotk-components.yaml header', span: spanOf(file, start, start + m[1].length) };
}

function str(root: Node, path: readonly PathSegment[]): string | undefined {
  return scalarString(nodeAtPath(root, path));
}

function spanOf(file: ParsedFile, start: number, end: number): Span {
  return { start, end, range: file.lines.range(start, end) };
}
