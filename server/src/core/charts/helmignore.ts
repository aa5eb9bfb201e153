// A chart folder's `.helmignore`, read as helm's chart loader reads it (helm.sh/helm pkg/ignore, documented at
// helm.sh/docs/chart_template_guide/helm_ignore_file): one pattern a line, `#` comments and blank lines skipped,
// shell globs as Go's filepath.Match has them (`*`, `?`, `[a-z]`, `[^a]`, `\` escapes; `*` never crosses a `/`),
// a trailing `/` for folders only, a leading `/`
// anchoring at the chart's root, a pattern with no `/` matched against the base name only, and a pattern with one
// matched against the whole relative path. `!` negates with helm's own rule, kept as helm has it: a negated
// pattern that does *not* match a path ignores it. helm adds `templates/.?*` (dotfiles in templates) to every
// chart. A folder that is ignored is not walked. `**` or a malformed glob makes helm refuse the whole chart; so
// does this (the problem names the line). Pure, so the render's file reader and tests share it.

export interface IgnoreRule {
  readonly negate: boolean;
  readonly dirOnly: boolean;
  /** Whole relative path (anchored, or a pattern with a `/`) or the base name only. */
  readonly scope: 'path' | 'base';
  readonly glob: string;
}

/** Lines read at most: a hostile .helmignore costs a bounded parse. */
const MAX_RULES = 1000;
const DEFAULT_RULES = ['templates/.?*'];

export interface Helmignore {
  readonly rules: readonly IgnoreRule[];
  /** Why helm would refuse the chart (`**`, a malformed pattern), naming the line. */
  readonly problem?: string;
}

export function parseHelmignore(text: string | undefined): Helmignore {
  const rules: IgnoreRule[] = [];
  const lines = [...(text ?? '').split(/\r?\n/).slice(0, MAX_RULES), ...DEFAULT_RULES];
  for (const line of lines) {
    const rule = ruleOf(line);
    if (typeof rule === 'string') return { rules, problem: `.helmignore: ${rule} (line "${line.trim()}")` };
    if (rule) rules.push(rule);
  }
  return { rules };
}

function ruleOf(line: string): IgnoreRule | string | undefined {
  let glob = line.trim();
  if (!glob || glob.startsWith('#')) return undefined;
  if (glob.includes('**')) return 'double-star (**) syntax is not supported';
  const negate = glob.startsWith('!') && glob.length > 1;
  if (negate) glob = glob.slice(1);
  const dirOnly = glob.endsWith('/');
  if (dirOnly) glob = glob.slice(0, -1);
  if (!glob) return undefined;
  if (!validGlob(glob)) return 'syntax error in pattern';
  if (glob.startsWith('/')) return { negate, dirOnly, scope: 'path', glob: glob.slice(1) };
  return { negate, dirOnly, scope: glob.includes('/') ? 'path' : 'base', glob };
}

/** Whether helm leaves a path (relative to the chart's root, `/`-separated) out of the chart. */
export function isIgnored(rules: readonly IgnoreRule[], path: string, isDir: boolean): boolean {
  if (!path || path === '.' || path === './') return false;
  for (const rule of rules) {
    const subject = rule.scope === 'base' ? path.slice(path.lastIndexOf('/') + 1) : path;
    if (rule.negate) {
      // helm: a negated rule ignores what it does not match, and lets later rules judge what it matches.
      if (rule.dirOnly && !isDir) return true;
      if (!globMatch(rule.glob, subject)) return true;
      continue;
    }
    if (rule.dirOnly && !isDir) continue;
    if (globMatch(rule.glob, subject)) return true;
  }
  return false;
}

/** Go's filepath.Match on `/`-separated names: `*` and `?` never match a `/`. Backtracks on `*` only (linear-ish). */
export function globMatch(glob: string, name: string): boolean {
  let g = 0;
  let n = 0;
  let starG = -1;
  let starN = 0;
  while (n < name.length) {
    const step = g < glob.length && glob[g] !== '*' ? single(glob, g, name[n]) : undefined;
    if (g < glob.length && glob[g] === '*') {
      starG = ++g;
      starN = n;
      continue;
    }
    if (step) {
      g = step;
      n++;
      continue;
    }
    // Let the last `*` take one more character, unless that character is a separator.
    if (starG < 0 || name[starN] === '/') return false;
    g = starG;
    n = ++starN;
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}

/** Matches one character of the name at glob[g]; the index after the glob item, or 0 when it does not match. */
function single(glob: string, g: number, c: string): number {
  if (glob[g] === '?') return c === '/' ? 0 : g + 1;
  if (glob[g] === '\\') return glob[g + 1] === c ? g + 2 : 0;
  if (glob[g] !== '[') return glob[g] === c ? g + 1 : 0;
  if (c === '/') return 0;
  return klass(glob, g, c);
}

/** A `[...]` class: ranges, `^` negation, `\` escapes. */
function klass(glob: string, g: number, c: string): number {
  let i = g + 1;
  const negated = glob[i] === '^';
  if (negated) i++;
  let matched = false;
  while (i < glob.length && glob[i] !== ']') {
    let lo = glob[i];
    if (lo === '\\') lo = glob[++i];
    i++;
    let hi = lo;
    if (glob[i] === '-' && glob[i + 1] !== ']' && i + 1 < glob.length) {
      hi = glob[i + 1] === '\\' ? glob[i + 2] : glob[i + 1];
      i += glob[i + 1] === '\\' ? 3 : 2;
    }
    if (lo <= c && c <= hi) matched = true;
  }
  if (glob[i] !== ']') return 0;
  return matched !== negated ? i + 1 : 0;
}

/** Whether Go would accept the pattern (balanced classes, no trailing escape); helm refuses a bad one. */
function validGlob(glob: string): boolean {
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === '\\') {
      if (++i >= glob.length) return false;
    } else if (glob[i] === '[') {
      const start = glob[i + 1] === '^' ? i + 2 : i + 1;
      const close = glob.indexOf(']', start);
      // Go refuses an empty class and a class that starts with `-`.
      if (close <= start || glob[start] === '-') return false;
      i = close;
    }
  }
  return true;
}
