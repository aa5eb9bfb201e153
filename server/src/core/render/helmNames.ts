// The release's name and namespace as helm-controller v1.6.4 derives them (api/v2 GetReleaseName and
// GetReleaseNamespace, internal/release ShortenName): spec.releaseName, else `<targetNamespace>-<name>` when a
// targetNamespace is set, else the HelmRelease's name; a name over 53 characters (helm's limit) becomes its
// first 40 characters, a dash and the first 12 hex digits of its sha256.
import { sha256Hex } from './sha256';

const MAX_RELEASE_NAME = 53;
const SHORT_HASH = 12;

export interface ReleaseIdentity {
  readonly name: string;
  readonly namespace: string;
}

export interface ReleaseSpecNames {
  readonly releaseName?: string;
  readonly targetNamespace?: string;
}

export function shortenName(name: string): string {
  if (name.length <= MAX_RELEASE_NAME) return name;
  return `${name.slice(0, MAX_RELEASE_NAME - (SHORT_HASH + 1))}-${sha256Hex(name).slice(0, SHORT_HASH)}`;
}

/** The name and namespace helm installs the release as; `namespace` is the HelmRelease's own. */
export function releaseIdentity(name: string, namespace: string, spec: ReleaseSpecNames): ReleaseIdentity {
  const full = spec.releaseName || (spec.targetNamespace ? `${spec.targetNamespace}-${name}` : name);
  return { name: shortenName(full), namespace: spec.targetNamespace || namespace };
}
