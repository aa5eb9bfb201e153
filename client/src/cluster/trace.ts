// `flux trace` as data: from any object, the Flux object that applied it (the labels kustomize-controller and
// helm-controller set), up through the Kustomizations that applied that one, to each one's source, the
// source's artifact revision and the commit on the Git host. Pure over a lookup of Flux objects (the
// explorer's watch cache), so it costs no request; rendered as a small Markdown document with links.
import { hostStyle, parseGitUrl, repoLink } from '../../../server/src/core/gitea/url';
import { sourceOf } from './actions';
import { kindKey } from './discovery';
import { HELM_NAME, HELM_NAMESPACE, HELM_RELEASE_NAME, HELM_RELEASE_NAMESPACE, KUSTOMIZE_NAME, KUSTOMIZE_NAMESPACE } from './inventory';
import { objectStatus } from './status';
import { describeRef, kindOfRef, pathValue, type KObject, type ObjectRef } from './types';

export const KUSTOMIZATION_KEY = kindKey('kustomize.toolkit.fluxcd.io', 'Kustomization');
export const HELMRELEASE_KEY = kindKey('helm.toolkit.fluxcd.io', 'HelmRelease');

export type Lookup = (ref: ObjectRef) => KObject | undefined;

export interface TraceLink {
  readonly text: string;
  readonly url: string;
}

export interface TraceSource {
  readonly ref: ObjectRef;
  readonly found: boolean;
  readonly url?: string;
  readonly revision?: string;
  readonly commit?: string;
  readonly links: readonly TraceLink[];
  /** A HelmChart's own source (a HelmRepository or GitRepository). */
  readonly upstream?: TraceSource;
}

export interface TraceStep {
  readonly ref: ObjectRef;
  readonly found: boolean;
  readonly state?: string;
  readonly lastApplied?: string;
  readonly message?: string;
  readonly source?: TraceSource;
}

export interface Trace {
  readonly start: ObjectRef;
  /** The applier first, then the Kustomizations above it. */
  readonly steps: readonly TraceStep[];
  /** Why the chain stops where it does, when that is worth saying. */
  readonly notes: readonly string[];
}

/** The Flux object named by an object's labels, if any: a Kustomization or a HelmRelease. */
export function applierOf(obj: Pick<KObject, 'metadata'>, context: string): ObjectRef | undefined {
  const labels = obj.metadata.labels ?? {};
  if (labels[KUSTOMIZE_NAME]) return { context, kindKey: KUSTOMIZATION_KEY, namespace: labels[KUSTOMIZE_NAMESPACE], name: labels[KUSTOMIZE_NAME] };
  if (labels[HELM_NAME]) return { context, kindKey: HELMRELEASE_KEY, namespace: labels[HELM_NAMESPACE], name: labels[HELM_NAME] };
  return undefined;
}

/** The commit of a Flux revision: `main@sha1:<sha>`, `sha1:<sha>`, or the older `main/<sha>`. */
export function commitOf(revision: string | undefined): string | undefined {
  if (!revision) return undefined;
  const m = /(?:^|@)sha(?:1|256):([0-9a-f]{40,64})$/.exec(revision) ?? /^(?:[^@]*\/)?([0-9a-f]{40})$/.exec(revision);
  return m?.[1];
}

/** The web page of a commit on a known Git host (Gitea/Forgejo, GitHub, GitLab), or undefined. */
export function commitLink(url: string, sha: string, giteaUrl?: string): string | undefined {
  const loc = parseGitUrl(url);
  const base = repoLink(url, giteaUrl);
  if (!loc || !base) return undefined;
  return hostStyle(loc.host, giteaUrl) === 'gitlab' ? `${base}/-/commit/${sha}` : `${base}/commit/${sha}`;
}

function traceSource(ref: ObjectRef, lookup: Lookup, giteaUrl: string | undefined, depth = 0): TraceSource {
  const obj = lookup(ref);
  if (!obj) return { ref, found: false, links: [] };
  const revision = pathValue(obj, ['status', 'artifact', 'revision']);
  const rev = typeof revision === 'string' ? revision : undefined;
  const url = typeof obj.spec?.['url'] === 'string' ? (obj.spec['url'] as string) : undefined;
  const isGit = kindOfRef(ref) === 'GitRepository';
  const commit = isGit ? commitOf(rev) : undefined;
  const links: TraceLink[] = [];
  const repo = url && isGit ? repoLink(url, giteaUrl) : undefined;
  if (repo) links.push({ text: 'repository', url: repo });
  const commitUrl = url && commit ? commitLink(url, commit, giteaUrl) : undefined;
  if (commitUrl) links.push({ text: `commit ${commit!.slice(0, 7)}`, url: commitUrl });
  const next = depth < 2 ? sourceOf(obj, ref.context) : undefined;
  const upstream = next ? traceSource(next, lookup, giteaUrl, depth + 1) : undefined;
  return { ref, found: true, url, revision: rev, commit, links, upstream };
}

function traceStep(ref: ObjectRef, lookup: Lookup, giteaUrl: string | undefined): { step: TraceStep; obj?: KObject } {
  const obj = lookup(ref);
  if (!obj) return { step: { ref, found: false } };
  const s = objectStatus(obj, undefined);
  const applied = obj.status?.['lastAppliedRevision'];
  const source = sourceOf(obj, ref.context);
  return {
    obj,
    step: {
      ref,
      found: true,
      state: s.state,
      lastApplied: typeof applied === 'string' ? applied : undefined,
      message: s.state === 'failed' ? s.message : undefined,
      source: source ? traceSource(source, lookup, giteaUrl) : undefined,
    },
  };
}

/**
 * The trace of an object. `obj` is the object itself when it could be read (never for a Secret); `owner` is
 * the Flux object known to have applied it when the labels cannot be read (an inventory entry).
 */
export function traceOf(start: ObjectRef, obj: KObject | undefined, lookup: Lookup, opts: { owner?: ObjectRef; giteaUrl?: string } = {}): Trace {
  const notes: string[] = [];
  let next = obj ? applierOf(obj, start.context) : undefined;
  if (!next && opts.owner) next = opts.owner;
  if (!next) {
    const ann = obj?.metadata.annotations ?? {};
    if (ann[HELM_RELEASE_NAME]) {
      notes.push(`Helm release ${ann[HELM_RELEASE_NAMESPACE] ?? ''}/${ann[HELM_RELEASE_NAME]} manages it, but without helm-controller's labels: it was not installed by a Flux HelmRelease, or before helm-controller labelled its objects.`);
    } else if (obj) {
      notes.push('No Flux label on it: it was not applied by a Flux Kustomization or HelmRelease.');
    }
  }
  const steps: TraceStep[] = [];
  const seen = new Set<string>();
  while (next && !seen.has(describeRef(next)) && steps.length < 20) {
    seen.add(describeRef(next));
    const { step, obj: flux } = traceStep(next, lookup, opts.giteaUrl);
    steps.push(step);
    if (!flux) {
      notes.push(`${describeRef(next)} is not in the explorer's cache (deleted, or not readable).`);
      break;
    }
    next = applierOf(flux, start.context);
  }
  return { start, steps, notes };
}

/** Kinds a person names without a group, and where they live. Flux and ESO kinds come from the kinds table. */
const WELL_KNOWN: Readonly<Record<string, string>> = {
  Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', ReplicaSet: 'apps/v1',
  Job: 'batch/v1', CronJob: 'batch/v1',
  Pod: 'v1', Service: 'v1', ConfigMap: 'v1', ServiceAccount: 'v1', PersistentVolumeClaim: 'v1', Namespace: 'v1', Secret: 'v1',
  Ingress: 'networking.k8s.io/v1', NetworkPolicy: 'networking.k8s.io/v1', PodDisruptionBudget: 'policy/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2', Role: 'rbac.authorization.k8s.io/v1', RoleBinding: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1', ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  CustomResourceDefinition: 'apiextensions.k8s.io/v1',
};

export interface PickedObject {
  readonly kind: string;
  /** The group as typed (`Kind.group`), or the well-known kind's; undefined when it must be discovered. */
  readonly group?: string;
  readonly version?: string;
  readonly namespace?: string;
  readonly name: string;
}

/**
 * Reads what a person typed to name an object: `Kind[.group] [namespace/]name`, e.g. `Deployment apps/podinfo`
 * or `Certificate.cert-manager.io apps/tls`. Returns an error text when it cannot be read.
 */
export function parseObjectPick(text: string): PickedObject | string {
  const m = /^\s*([A-Za-z][A-Za-z0-9]*)(?:\.([a-z0-9.-]+))?\s+(?:([a-z0-9-]+)\/)?([a-z0-9][a-z0-9.:-]*)\s*$/.exec(text);
  if (!m) return 'Write Kind[.group] [namespace/]name, e.g. "Deployment apps/podinfo".';
  const [, kind, group, namespace, name] = m;
  const known = group === undefined ? WELL_KNOWN[kind] : undefined;
  if (known) {
    const slash = known.lastIndexOf('/');
    return { kind, group: slash < 0 ? '' : known.slice(0, slash), version: known.slice(slash + 1), namespace, name };
  }
  return { kind, group, namespace, name };
}

const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;

function sourceLines(src: TraceSource, indent: string): string[] {
  if (!src.found) return [`${indent}- Source ${describeRef(src.ref)}: not found`];
  const lines = [`${indent}- Source **${describeRef(src.ref)}**${src.url ? ` ${code(src.url)}` : ''}`];
  if (src.revision) lines.push(`${indent}  - Artifact revision ${code(src.revision)}`);
  if (src.commit) lines.push(`${indent}  - Commit ${code(src.commit)}`);
  if (src.links.length > 0) lines.push(`${indent}  - ${src.links.map((l) => `[${l.text}](${l.url})`).join(' · ')}`);
  if (src.upstream) lines.push(...sourceLines(src.upstream, `${indent}  `));
  return lines;
}

/** The trace as Markdown: the object, then each Flux object above it with its source and commit. */
export function traceMarkdown(t: Trace): string {
  const lines = [`# Trace of ${describeRef(t.start)}`, '', `Context ${code(t.start.context)}`, ''];
  t.steps.forEach((s, i) => {
    const role = i === 0 ? 'Applied by' : 'Which was applied by';
    if (!s.found) {
      lines.push(`${i + 1}. ${role} **${describeRef(s.ref)}** (not found)`);
      return;
    }
    lines.push(`${i + 1}. ${role} **${describeRef(s.ref)}**: ${s.state ?? 'unknown'}${s.message ? `: ${s.message}` : ''}`);
    if (s.lastApplied) lines.push(`   - Last applied revision ${code(s.lastApplied)}`);
    if (s.source) lines.push(...sourceLines(s.source, '   '));
  });
  if (t.steps.length === 0) lines.push('No Flux object applied it.');
  if (t.notes.length > 0) lines.push('', ...t.notes.map((n) => `> ${n}`));
  return `${lines.join('\n')}\n`;
}
