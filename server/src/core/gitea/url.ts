// Git URLs: normalising the forms Flux accepts (https, ssh://, scp-like) and turning a repository, a ref and
// a path into a web link on Gitea/Forgejo, GitHub or GitLab-style hosts.

export interface GitLocation {
  readonly host: string;
  /** `org/repo`, without `.git`. */
  readonly repo: string;
  readonly scheme: 'https' | 'http' | 'ssh';
}

export interface GitRef {
  readonly branch?: string;
  readonly tag?: string;
  readonly semver?: string;
  readonly commit?: string;
  /** Flux's `ref.name`: `refs/heads/x`, `refs/tags/x` or another reference. */
  readonly refName?: string;
}

export type HostStyle = 'gitea' | 'github' | 'gitlab';

export function parseGitUrl(url: string): GitLocation | undefined {
  const trimmed = url.trim();
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)([^\s]+)$/.exec(trimmed);
  if (scp && !trimmed.includes('://')) return location(scp[1], scp[2], 'ssh');
  const m = /^(https?|ssh|git):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+)$/i.exec(trimmed);
  if (!m) return undefined;
  const scheme = m[1].toLowerCase();
  return location(m[2], m[3], scheme === 'https' || scheme === 'http' ? scheme : 'ssh');
}

function location(host: string, path: string, scheme: GitLocation['scheme']): GitLocation | undefined {
  const repo = path.replace(/\/+$/, '').replace(/\.git$/, '').replace(/^\/+/, '');
  return repo.includes('/') ? { host: host.toLowerCase(), repo, scheme } : undefined;
}

/** A comparable key for "same repository": host and path, case-insensitive. */
const repoKeys = new Map<string, string | undefined>();

/** host/repo of a Git URL, lower case (memoized: the build structure asks for the same few URLs thousands of times). */
export function repoKey(url: string): string | undefined {
  if (repoKeys.has(url)) return repoKeys.get(url);
  const loc = parseGitUrl(url);
  const key = loc ? `${loc.host}/${loc.repo}`.toLowerCase() : undefined;
  if (repoKeys.size > 10_000) repoKeys.clear();
  repoKeys.set(url, key);
  return key;
}

/** Which web UI a host runs: the configured Gitea host and hosts named like Gitea/Forgejo are Gitea-style. */
export function hostStyle(host: string, giteaUrl?: string): HostStyle | undefined {
  const giteaHost = giteaUrl ? parseGitUrl(`${giteaUrl.replace(/\/+$/, '')}/x/y`)?.host : undefined;
  if (giteaHost && host === giteaHost) return 'gitea';
  if (host === 'github.com' || host.startsWith('github.')) return 'github';
  if (host === 'gitlab.com' || host.includes('gitlab')) return 'gitlab';
  if (/gitea|forgejo|codeberg/.test(host)) return 'gitea';
  return undefined;
}

/** The ref a link shows: commit, then tag, then branch; Flux's default branch is `master`. */
function linkRef(ref: GitRef): { type: 'branch' | 'tag' | 'commit'; value: string } | undefined {
  if (ref.commit) return { type: 'commit', value: ref.commit };
  if (ref.refName?.startsWith('refs/heads/')) return { type: 'branch', value: ref.refName.slice(11) };
  if (ref.refName?.startsWith('refs/tags/')) return { type: 'tag', value: ref.refName.slice(10) };
  if (ref.tag) return { type: 'tag', value: ref.tag };
  if (ref.semver) return undefined;
  return { type: 'branch', value: ref.branch ?? 'master' };
}

/** The web page of a folder of a repository at a ref, or undefined when the host or the ref is unknown. */
export function folderLink(url: string, ref: GitRef, folder: string, giteaUrl?: string): string | undefined {
  const loc = parseGitUrl(url);
  if (!loc) return undefined;
  const style = hostStyle(loc.host, giteaUrl);
  const r = linkRef(ref);
  if (!style || !r) return undefined;
  const base = webBase(loc, giteaUrl, style);
  const tail = folder ? `/${folder.split('/').map(encodeURIComponent).join('/')}` : '';
  const value = r.value.split('/').map(encodeURIComponent).join('/');
  if (style === 'gitea') return `${base}/src/${r.type}/${value}${tail}`;
  if (style === 'github') return `${base}/tree/${value}${tail}`;
  return `${base}/-/tree/${value}${tail}`;
}

/** The repository's web page (https), or undefined for unknown hosts. */
export function repoLink(url: string, giteaUrl?: string): string | undefined {
  const loc = parseGitUrl(url);
  const style = loc ? hostStyle(loc.host, giteaUrl) : undefined;
  return loc && style ? webBase(loc, giteaUrl, style) : undefined;
}

function webBase(loc: GitLocation, giteaUrl: string | undefined, style: HostStyle): string {
  // A Gitea served under a sub-path (https://host/gitea) keeps that prefix in its web links.
  if (style === 'gitea' && giteaUrl && parseGitUrl(`${giteaUrl.replace(/\/+$/, '')}/x/y`)?.host === loc.host) {
    const base = giteaUrl.replace(/\/+$/, '');
    const prefix = new URL(base).pathname.replace(/\/+$/, '');
    const repo = prefix && loc.repo.startsWith(`${prefix.slice(1)}/`) ? loc.repo.slice(prefix.length) : loc.repo;
    return `${base}/${repo}`;
  }
  return `https://${loc.host}/${loc.repo}`;
}
