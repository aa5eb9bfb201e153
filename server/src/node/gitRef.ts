// The workspace as it is at a Git ref, read from the repository's objects with the `git` program (no shell:
// fixed arguments, the ref checked and resolved to a commit first). Bounded in files, bytes and time.
import { execFile, spawn } from 'node:child_process';

/** A ref as people write it (`main`, `origin/main`, `HEAD~2`, `v1.2.0`, a SHA, `@{upstream}`); never an option. */
const SAFE_REF = /^(?!-)[\w./@{}~^-]+$/;
const MAX_FILES = 50_000;
const MAX_BYTES = 128 * 1024 * 1024;
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const TIME_LIMIT_MS = 60_000;

/** Files worth reading: manifests, and what generators and patches read (no archives, images or binaries). */
const SKIPPED = /\.(png|jpe?g|gif|ico|svg|webp|tgz|gz|zip|tar|bz2|xz|7z|pdf|woff2?|ttf|eot|mp[34]|mov|bin|exe|so|dylib|jar|class|pyc)$/i;

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, timeout: TIME_LIMIT_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args[0]}: ${(stderr || err.message).trim().split('\n')[0]}`));
      else resolve(stdout);
    });
  });
}

export interface TreeAtRef {
  /** The commit the ref resolved to. */
  readonly commit: string;
  /** Paths relative to the workspace folder (not the repository root) and their texts. */
  readonly files: Map<string, string>;
}

/** The upstream of the current branch (what a merge of this branch goes into), else HEAD. */
export async function defaultRef(folder: string): Promise<string> {
  try {
    return (await git(folder, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'])).trim();
  } catch {
    return 'HEAD';
  }
}

/** Reads the files under a workspace folder as they are at a ref. */
export async function treeAtRef(folder: string, ref: string): Promise<TreeAtRef> {
  if (!SAFE_REF.test(ref)) throw new Error(`"${ref}" is not a Git ref this command takes`);
  const commit = (await git(folder, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).trim();
  const prefix = (await git(folder, ['rev-parse', '--show-prefix'])).trim();
  const listing = await git(folder, ['ls-tree', '-r', '-z', '--long', '--full-tree', commit]);
  const wanted: { sha: string; path: string }[] = [];
  for (const entry of listing.split('\0')) {
    const m = /^\d+ blob ([0-9a-f]+)\s+(\d+|-)\t(.*)$/s.exec(entry);
    if (!m || !m[3].startsWith(prefix) || SKIPPED.test(m[3]) || Number(m[2]) > MAX_FILE_BYTES) continue;
    wanted.push({ sha: m[1], path: m[3].slice(prefix.length) });
    if (wanted.length > MAX_FILES) throw new Error(`more than ${MAX_FILES} files at ${ref}`);
  }
  return { commit, files: await readBlobs(folder, wanted) };
}

/** Every blob through one `git cat-file --batch`, answers in the order asked. */
function readBlobs(cwd: string, wanted: readonly { sha: string; path: string }[]): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const files = new Map<string, string>();
    if (!wanted.length) return resolve(files);
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'ignore'] });
    const timer = setTimeout(() => child.kill(), TIME_LIMIT_MS);
    let buffer = Buffer.alloc(0);
    let next = 0;
    let total = 0;
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(message));
    };
    child.stdout.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const eol = buffer.indexOf(10);
        if (eol < 0) return;
        const size = Number(/ blob (\d+)$/.exec(buffer.subarray(0, eol).toString('utf8'))?.[1] ?? -1);
        if (size < 0) return fail(`git cat-file: unexpected answer for ${wanted[next]?.path}`);
        if (buffer.length < eol + 1 + size + 1) return;
        total += size;
        if (total > MAX_BYTES) return fail(`more than ${MAX_BYTES / 1024 / 1024} MiB of files at this ref`);
        files.set(wanted[next].path, buffer.subarray(eol + 1, eol + 1 + size).toString('utf8'));
        buffer = buffer.subarray(eol + 1 + size + 1);
        if (++next === wanted.length) {
          clearTimeout(timer);
          return resolve(files);
        }
      }
    });
    child.on('error', (err) => fail(`git cat-file: ${err.message}`));
    child.on('exit', () => {
      if (next < wanted.length) fail('git cat-file stopped early (time limit or an error)');
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${wanted.map((w) => w.sha).join('\n')}\n`);
  });
}
