// A chart from an OCI registry through the registry HTTP API v2, anonymously: a 401 names a token service
// (`WWW-Authenticate: Bearer realm=…,service=…,scope=…`) that hands public pulls a token. A semver range
// reads the repository's tags (helm writes `+` as `_` in tags); the manifest's chart layer is the archive.
import type { OciPlan } from '../../core/charts/plan';
import { newestMatching } from '../../core/charts/versions';
import { sha256 } from './cache';
import { FetchError, httpGet, statusError, type GetResult } from './http';
import type { FetchLimits } from './limits';

export const HELM_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
const MANIFEST_TYPES = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';
const SMALL = 4 * 1024 * 1024;

export interface OciDownload {
  /** The tag (as a version: `_` back to `+`) or the digest the archive was read at. */
  readonly version: string;
  readonly manifest: string;
  readonly archive: Buffer;
  readonly url: string;
}

interface Registry {
  readonly base: string;
  readonly repository: string;
  token?: string;
}

export function registryOf(url: string): Registry {
  const m = /^oci:\/\/([^/]+)\/(.+?)\/*$/.exec(url);
  if (!m) throw new FetchError(`"${url}" is not an oci://host/repository reference`);
  // Plain http only on this machine (a registry started for tests or development).
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(m[1]);
  return { base: `${loopback ? 'http' : 'https'}://${m[1]}`, repository: m[2] };
}

export async function downloadFromRegistry(plan: OciPlan, limits: FetchLimits): Promise<OciDownload> {
  const registry = registryOf(plan.url);
  const reference = plan.digest ?? plan.tag ?? (await newestTag(registry, plan.semver ?? '*', limits));
  const manifestRes = await get(registry, `manifests/${reference}`, limits, SMALL, { accept: MANIFEST_TYPES });
  if (manifestRes.status !== 200) throw statusError(manifestRes, `the manifest of ${plan.url}:${reference}`);
  const manifest = parseJson(manifestRes.body, 'the manifest') as { layers?: { mediaType?: string; digest?: string }[] };
  const layer = manifest.layers?.find((l) => l.mediaType === HELM_LAYER);
  if (!layer?.digest) throw new FetchError(`${plan.url}:${reference} is not a Helm chart (no ${HELM_LAYER} layer)`);
  const blob = await get(registry, `blobs/${layer.digest}`, limits, limits.maxArchiveBytes);
  if (blob.status !== 200) throw statusError(blob, `the chart layer of ${plan.url}:${reference}`);
  if (`sha256:${sha256(blob.body)}` !== layer.digest) throw new FetchError(`${plan.url}: the chart layer does not match its digest`);
  const digest = String(manifestRes.headers['docker-content-digest'] ?? `sha256:${sha256(manifestRes.body)}`);
  return { version: reference.replace(/_/g, '+'), manifest: digest, archive: blob.body, url: `${plan.url}@${digest}` };
}

async function newestTag(registry: Registry, range: string, limits: FetchLimits): Promise<string> {
  const res = await get(registry, 'tags/list', limits, SMALL);
  if (res.status !== 200) throw statusError(res, `the tags of ${registry.repository}`);
  const tags = ((parseJson(res.body, 'the tag list') as { tags?: unknown }).tags ?? []) as unknown[];
  const byVersion = new Map(tags.filter((t): t is string => typeof t === 'string').map((t) => [t.replace(/_/g, '+'), t]));
  const version = newestMatching([...byVersion.keys()], range);
  if (!version) throw new FetchError(`no tag of ${registry.repository} matches \`${range}\``);
  return byVersion.get(version)!;
}

/** A GET on the registry API; a 401 with a Bearer challenge is answered once with an anonymous token. */
async function get(registry: Registry, path: string, limits: FetchLimits, maxBytes: number, headers: Record<string, string> = {}): Promise<GetResult> {
  const url = `${registry.base}/v2/${registry.repository}/${path}`;
  const ask = () => httpGet(url, { maxBytes, timeoutMs: limits.timeoutMs, headers: { ...headers, ...(registry.token ? { authorization: `Bearer ${registry.token}` } : {}) } });
  const first = await ask();
  if (first.status !== 401 || registry.token) return first;
  registry.token = await anonymousToken(String(first.headers['www-authenticate'] ?? ''), registry, limits);
  return ask();
}

async function anonymousToken(challenge: string, registry: Registry, limits: FetchLimits): Promise<string> {
  if (!/^Bearer\s/i.test(challenge)) throw new FetchError(`${registry.base} asks for credentials (the editor reads public charts only)`);
  const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  if (!params.realm) throw new FetchError(`${registry.base}: the token challenge names no realm`);
  const token = new URL(params.realm);
  if (params.service) token.searchParams.set('service', params.service);
  token.searchParams.set('scope', params.scope ?? `repository:${registry.repository}:pull`);
  const res = await httpGet(token.toString(), { maxBytes: SMALL, timeoutMs: limits.timeoutMs });
  if (res.status !== 200) throw statusError(res, 'an anonymous registry token (is the chart public?)');
  const body = parseJson(res.body, 'the token answer') as { token?: string; access_token?: string };
  const value = body.token ?? body.access_token;
  if (!value) throw new FetchError(`${token.origin}: the token answer holds no token`);
  return value;
}

function parseJson(body: Buffer, what: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new FetchError(`${what} is not JSON`);
  }
}
