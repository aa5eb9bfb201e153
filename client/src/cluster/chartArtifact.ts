// The chart a HelmRelease runs, as the cluster has it: the artifact source-controller already fetched (the
// HelmChart's or OCIRepository's `status.artifact`), downloaded through the API server's service proxy to
// source-controller. It needs no registry credentials on this machine, only `get` on `services/proxy` in the
// Flux namespace; a 403 says so. The download is bounded in size and time and checked against the digest.
import { createHash } from 'node:crypto';
import { ApiError, type RequestPurpose } from './errors';
import type { Downloader } from './http';
import type { KObject } from './types';
import type { ClusterChartRequest } from '../../../server/src/shared/protocol';

export interface ArtifactLimits {
  readonly maxBytes: number;
  readonly totalMs: number;
}

export const DEFAULT_ARTIFACT_LIMITS: ArtifactLimits = { maxBytes: 16 * 1024 * 1024, totalMs: 60_000 };

export interface Artifact {
  readonly url: string;
  /** `sha256:<hex>`. */
  readonly digest: string;
  readonly revision?: string;
}

export interface ChartSource {
  readonly kind: 'HelmChart' | 'OCIRepository';
  readonly namespace: string;
  readonly name: string;
}

export interface ClusterChart {
  readonly source: ChartSource;
  /** The HelmChart or OCIRepository as the cluster has it. */
  readonly object: KObject;
  readonly artifact: Artifact;
  readonly archive: Buffer;
}

/** Where the proxy reaches the storage server that an artifact URL names. */
export interface StorageService {
  readonly namespace: string;
  readonly service: string;
  readonly port: string;
  readonly path: string;
}

const SOURCE_API = '/apis/source.toolkit.fluxcd.io/v1';
const PLURAL: Record<ChartSource['kind'], string> = { HelmChart: 'helmcharts', OCIRepository: 'ocirepositories' };

/** The source object whose artifact is the release's chart: its chartRef, or the HelmChart it generated. */
export function chartSourceOf(release: KObject): ChartSource | undefined {
  const ns = release.metadata.namespace ?? 'default';
  const ref = release.spec?.chartRef as { kind?: string; name?: string; namespace?: string } | undefined;
  if (ref?.name && (ref.kind === 'HelmChart' || ref.kind === 'OCIRepository')) return { kind: ref.kind, namespace: ref.namespace ?? ns, name: ref.name };
  // helm-controller records the HelmChart it created for spec.chart as `<namespace>/<name>`.
  const generated = release.status?.helmChart;
  if (typeof generated !== 'string' || !generated.includes('/')) return undefined;
  const [namespace, name] = generated.split('/', 2);
  return { kind: 'HelmChart', namespace, name };
}

/**
 * The Service that serves an artifact URL: source-controller advertises `http://<service>.<namespace>.svc…/<path>`;
 * an address that is not a Service name (a controller run outside the cluster) means source-controller's
 * Service in the Flux namespace. The port is the Service's `http` port, as Flux installs it.
 */
export function storageServiceOf(artifactUrl: string, fluxNamespace: string): StorageService {
  const url = new URL(artifactUrl);
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.|$)/.exec(url.hostname);
  const path = url.pathname.split('/').map((s) => encodeURIComponent(decodeURIComponent(s))).join('/');
  if (m) return { service: m[1], namespace: m[2], port: 'http', path };
  return { service: 'source-controller', namespace: fluxNamespace, port: 'http', path };
}

export async function getSource(transport: Downloader, source: ChartSource): Promise<KObject> {
  const purpose: RequestPurpose = { verb: 'get', resource: `${PLURAL[source.kind]}.source.toolkit.fluxcd.io`, namespace: source.namespace };
  return transport.request<KObject>({ path: `${SOURCE_API}/namespaces/${source.namespace}/${PLURAL[source.kind]}/${source.name}`, purpose });
}

export function artifactOf(source: KObject): Artifact | undefined {
  const a = source.status?.artifact as Partial<Artifact> | undefined;
  if (!a?.url || !a.digest) return undefined;
  return { url: a.url, digest: a.digest, ...(a.revision ? { revision: a.revision } : {}) };
}

/** Downloads one artifact through the service proxy; rejects when it does not match its digest. */
export async function downloadArtifact(transport: Downloader, artifact: Artifact, fluxNamespace: string, limits: ArtifactLimits = DEFAULT_ARTIFACT_LIMITS): Promise<Buffer> {
  const target = storageServiceOf(artifact.url, fluxNamespace);
  const purpose: RequestPurpose = { verb: 'get', resource: 'services/proxy', namespace: target.namespace };
  const path = `/api/v1/namespaces/${target.namespace}/services/${target.service}:${target.port}/proxy${target.path}`;
  const archive = await transport.download({ path, purpose, maxBytes: limits.maxBytes, totalMs: limits.totalMs });
  const [algorithm, expected] = artifact.digest.split(':', 2);
  if (algorithm !== 'sha256') throw new ApiError(`Context ${transport.context}: the artifact digest ${artifact.digest} is not sha256.`, 'invalid', undefined, transport.context, purpose);
  const actual = createHash('sha256').update(archive).digest('hex');
  if (actual !== expected) throw new ApiError(`Context ${transport.context}: the artifact ${artifact.url} does not match its digest (got sha256:${actual}).`, 'invalid', undefined, transport.context, purpose);
  return archive;
}

/** The chart a HelmRelease runs, from the cluster. */
export async function downloadReleaseChart(transport: Downloader, release: KObject, fluxNamespace: string, limits?: ArtifactLimits): Promise<ClusterChart> {
  const source = chartSourceOf(release);
  const what = `${release.metadata.namespace ?? 'default'}/${release.metadata.name}`;
  if (!source) throw new ApiError(`HelmRelease ${what} names no chart source the cluster has yet (no status.helmChart).`, 'notFound', undefined, transport.context);
  const object = await getSource(transport, source);
  const artifact = artifactOf(object);
  if (!artifact) throw new ApiError(`${source.kind} ${source.namespace}/${source.name} has no artifact yet (not reconciled, or failing).`, 'notFound', undefined, transport.context);
  return { source, object, artifact, archive: await downloadArtifact(transport, artifact, fluxNamespace, limits) };
}

/** Whether a session's transport can read binary answers (KubeTransport can; test doubles may not). */
export function isDownloader(transport: object): transport is Downloader {
  return typeof (transport as Partial<Downloader>).download === 'function';
}

/**
 * What the language server needs to keep a downloaded chart as the chart of its source: the Helm repository
 * (URL and chart name) or the OCI repository it came from, and its version. A HelmChart of a Git or Bucket
 * source has no such name (the editor reads those charts from the workspace).
 */
export async function clusterChartParams(transport: Downloader, chart: ClusterChart): Promise<ClusterChartRequest.Params> {
  const common = { context: transport.context, archive: chart.archive.toString('base64'), digest: chart.artifact.digest };
  const spec = chart.object.spec ?? {};
  const [version, manifest] = (chart.artifact.revision ?? '').split('@', 2);
  if (chart.source.kind === 'OCIRepository') {
    return { ...common, source: { kind: 'oci', url: String(spec.url ?? '') }, version, ...(manifest ? { manifest } : {}) };
  }
  const ref = spec.sourceRef as { kind?: string; name?: string } | undefined;
  if (ref?.kind !== 'HelmRepository' || !ref.name) throw new ApiError(`HelmChart ${chart.source.namespace}/${chart.source.name} reads a ${ref?.kind ?? 'source'}; only charts of a HelmRepository or an OCIRepository are kept.`, 'invalid', undefined, transport.context);
  const purpose: RequestPurpose = { verb: 'get', resource: 'helmrepositories.source.toolkit.fluxcd.io', namespace: chart.source.namespace };
  const repo = await transport.request<KObject>({ path: `${SOURCE_API}/namespaces/${chart.source.namespace}/helmrepositories/${ref.name}`, purpose });
  const url = String(repo.spec?.url ?? '').replace(/\/+$/, '');
  const name = String(spec.chart ?? '');
  const source: ClusterChartRequest.Source = repo.spec?.type === 'oci' ? { kind: 'oci', url: `${url}/${name}` } : { kind: 'helm', url, chart: name };
  return { ...common, source, version };
}
