// Completion probes: an edit of a generated manifest that leaves the cursor where a user would ask for
// completion (a new key in spec, a nested key, a key in a sequence item, an enum or boolean value), and
// the item that a correct answer must contain.
import type { Role } from './generate';

export interface Probe {
  readonly text: string;
  readonly line: number;
  readonly character: number;
}

export interface ProbeCase {
  readonly name: string;
  readonly role: Role;
  readonly expect: string;
  readonly make: (text: string) => Probe | undefined;
}

/** Inserts `content` as a new line after the first line equal to `after`; the cursor ends the new line. */
function insertAfter(after: string, content: string): (text: string) => Probe | undefined {
  return (text) => {
    const lines = text.split('\n');
    const i = lines.indexOf(after);
    if (i < 0) return undefined;
    lines.splice(i + 1, 0, content);
    return { text: lines.join('\n'), line: i + 1, character: content.length };
  };
}

/** Replaces the first line equal to `line` by `content`; the cursor ends the line. */
function replaceLine(line: string, content: string): (text: string) => Probe | undefined {
  return (text) => {
    const lines = text.split('\n');
    const i = lines.indexOf(line);
    if (i < 0) return undefined;
    lines[i] = content;
    return { text: lines.join('\n'), line: i, character: content.length };
  };
}

export const PROBE_CASES: ProbeCase[] = [
  { name: 'Kustomization spec key', role: 'flux-kustomization', expect: 'wait', make: insertAfter('spec:', '  ') },
  { name: 'Kustomization sourceRef.kind enum', role: 'flux-kustomization', expect: 'GitRepository', make: replaceLine('    kind: GitRepository', '    kind: ') },
  { name: 'Kustomization prune boolean', role: 'flux-kustomization', expect: 'true', make: replaceLine('  prune: true', '  prune: ') },
  { name: 'HelmRelease spec key', role: 'helmrelease', expect: 'driftDetection', make: insertAfter('spec:', '  ') },
  { name: 'HelmRelease chart.spec key', role: 'helmrelease', expect: 'reconcileStrategy', make: insertAfter('    spec:', '      ') },
  { name: 'HelmRelease install.crds enum', role: 'helmrelease', expect: 'CreateReplace', make: insertAfter('  install:', '    crds: ') },
  { name: 'ExternalSecret target key', role: 'externalsecret', expect: 'deletionPolicy', make: insertAfter('  target:', '    ') },
  { name: 'ExternalSecret creationPolicy enum', role: 'externalsecret', expect: 'Merge', make: replaceLine('    creationPolicy: Owner', '    creationPolicy: ') },
  { name: 'Deployment container key (in a sequence)', role: 'deployment', expect: 'imagePullPolicy', make: insertAfter('      - name: app', '        ') },
  { name: 'ConfigMap metadata key', role: 'configmap', expect: 'labels', make: insertAfter('metadata:', '  ') },
];
