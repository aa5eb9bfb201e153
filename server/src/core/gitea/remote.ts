// The workspace's own git remotes, read from .git/config through the WorkspaceHost (no git process).
import type { WorkspaceHost } from '../workspace/host';
import { dirOf, joinPath } from '../workspace/paths';
import { fileUri } from '../workspace/uri';
import { repoKey } from './url';

export interface GitRemote {
  /** The folder that holds `.git`: the repository's root. */
  readonly root: string;
  readonly name: string;
  readonly url: string;
  /** The branch checked out in the workspace (`.git/HEAD`), when it is on one. */
  readonly branch?: string;
}

/** The `[remote "x"] url = ...` entries of a git config file. */
export function parseGitConfig(text: string): { name: string; url: string }[] {
  const out: { name: string; url: string }[] = [];
  let remote: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*remote\s+"([^"]+)"\s*\]$/.exec(line);
    if (section) remote = section[1];
    else if (line.startsWith('[')) remote = undefined;
    else if (remote) {
      const url = /^url\s*=\s*(.+)$/.exec(line);
      if (url) out.push({ name: remote, url: url[1].trim() });
    }
  }
  return out;
}

/** Remotes of the repositories holding the workspace roots (the root itself or up to four folders above). */
export async function findRemotes(host: WorkspaceHost): Promise<GitRemote[]> {
  const out: GitRemote[] = [];
  for (const root of host.roots()) {
    let dir = root.replace(/\/+$/, '');
    for (let i = 0; i < 5 && dir.includes('://') && dir.length > dir.indexOf('://') + 3; i++) {
      const gitDir = await findGitDir(host, dir);
      if (gitDir !== undefined) {
        const config = gitDir ? ((await host.readFile(`${gitDir}/config`)) ?? '') : '';
        const branch = gitDir ? headBranch((await host.readFile(`${gitDir}/HEAD`)) ?? '') : undefined;
        out.push(...parseGitConfig(config).map((r) => ({ root: dir, ...r, ...(branch ? { branch } : {}) })));
        break;
      }
      dir = dirOf(dir);
    }
  }
  return out;
}

/** The branch a `.git/HEAD` names (`ref: refs/heads/main`); undefined when detached. */
export function headBranch(text: string): string | undefined {
  return /^ref:\s*refs\/heads\/(\S+)\s*$/m.exec(text)?.[1];
}

/** The git folder of a repository root: `.git`, or where a `.git` file points; '' when unreadable, undefined when none. */
async function findGitDir(host: WorkspaceHost, dir: string): Promise<string | undefined> {
  const kind = await host.stat(`${dir}/.git`);
  if (kind === 'directory') return `${dir}/.git`;
  if (kind !== 'file') return undefined;
  // A `.git` file (submodule, worktree) points at the real git folder.
  const pointer = /^gitdir:\s*(.+)$/m.exec((await host.readFile(`${dir}/.git`)) ?? '');
  const gitDir = pointer ? (pointer[1].startsWith('/') ? fileUri(pointer[1].trim()) : joinPath(dir, pointer[1].trim())) : undefined;
  return gitDir ?? '';
}

/** The remote whose repository a URL names, if the URL is one of the workspace's own. */
export function matchRemote(remotes: readonly GitRemote[], url: string): GitRemote | undefined {
  const key = repoKey(url);
  return key ? remotes.find((r) => repoKey(r.url) === key) : undefined;
}
