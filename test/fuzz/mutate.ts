// The fuzz tier's inputs: seeded mutations of real manifests. Every case is built from (seed, case number)
// alone, so one case can be rebuilt without the run that found it. Sizes are bounded: a "huge" input is a few
// megabytes at most, so that a round stays within its time budget.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** mulberry32: a small, fast, seeded generator (good enough to pick mutations; not for cryptography). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of one case of a run. */
export function caseSeed(seed: number, n: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(n + 1, 0xc2b2ae35)) >>> 0;
}

export interface Seed {
  readonly name: string;
  readonly text: string;
}

/** Every YAML file under the given folders (sorted, so that a seed picks the same file everywhere). */
export function loadSeeds(dirs: readonly string[]): Seed[] {
  const out: Seed[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === '.git' || name === 'node_modules') continue;
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs, `${rel}${name}/`);
      else if (/\.ya?ml$/.test(name)) out.push({ name: `${rel}${name}`, text: readFileSync(abs, 'utf8') });
    }
  };
  for (const dir of dirs) walk(dir, `${path.basename(dir)}/`);
  return out;
}

type Random = () => number;
type Mutator = (r: Random, text: string, seeds: readonly Seed[]) => string;

const int = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const at = (r: Random, text: string) => int(r, 0, text.length);
const insert = (text: string, i: number, s: string) => text.slice(0, i) + s + text.slice(i);

const WRONG_VALUES = ['[]', '{}', '123', '-1', '1.5e300', 'true', 'null', '~', '"x"', "'y'", '[a, {b: c}]', '{a: [1, 2]}', '!!binary aGk=', '*nope', '&a x', '|\n  block', '0x1F', '.inf', '2001-12-14'];
const MULTIBYTE = ['é', '€', '中文', '😀', '\u200b', '\ufeff', 'ǅ', '\u2028', '𝔘𝔫𝔦'];
const JUNK = ['\t', '\r', '\r\n', ':', '- ', '---', '...', '#', '&', '*', '!', '|', '>', '%YAML 1.2', '"', "'", '{', '}', '[', ']', ',', '?', '@', '`', '\\', '\u0000', '\u0085'];

const MUTATORS: Record<string, Mutator> = {
  byteFlip: (r, t) => {
    let out = t;
    for (let i = int(r, 1, 8); i > 0; i--) {
      const p = at(r, out);
      out = out.slice(0, p) + String.fromCharCode(int(r, 1, 127)) + out.slice(p + 1);
    }
    return out;
  },
  junk: (r, t) => insert(t, at(r, t), pick(r, JUNK)),
  truncate: (r, t) => t.slice(0, at(r, t)),
  wrongType: (r, t) => {
    const lines = t.split('\n');
    for (let i = int(r, 1, 4); i > 0; i--) {
      const n = int(r, 0, lines.length - 1);
      lines[n] = lines[n].replace(/:( +)\S.*$/, `:$1${pick(r, WRONG_VALUES)}`);
    }
    return lines.join('\n');
  },
  dropLines: (r, t) => {
    const lines = t.split('\n');
    lines.splice(int(r, 0, lines.length - 1), int(r, 1, 5));
    return lines.join('\n');
  },
  indent: (r, t) => {
    const lines = t.split('\n');
    const n = int(r, 0, lines.length - 1);
    lines[n] = r() < 0.5 ? ` ${lines[n]}` : lines[n].replace(/^ {1,2}/, '');
    return lines.join('\n');
  },
  multibyte: (r, t) => {
    let out = t;
    for (let i = int(r, 1, 20); i > 0; i--) out = insert(out, at(r, out), pick(r, MULTIBYTE).repeat(int(r, 1, 50)));
    return out;
  },
  longLine: (r, t) => insert(t, at(r, t), `${'x'.repeat(int(r, 10_000, 400_000))}`),
  longFlow: (r, t) => `${t}\nlong: [${Array.from({ length: int(r, 1_000, 300_000) }, (_, i) => `a${i}`).join(', ')}]\n`,
  manyDocuments: (r, t) => Array(int(r, 20, 3_000)).fill(t.slice(0, 3_000)).join('\n---\n'),
  deepFlow: (r, t) => insert(t, at(r, t), '['.repeat(int(r, 100, 120_000))),
  deepBlock: (r, t) => {
    const depth = int(r, 50, 1_500);
    let out = '';
    for (let i = 0; i < depth; i++) out += `${' '.repeat(i)}k${i}:\n`;
    return `${t}\n${out}${' '.repeat(depth)}leaf: 1\n`;
  },
  aliasBomb: (r, t) => {
    const width = int(r, 3, 10);
    let bomb = `b0: &b0 [${Array(width).fill('"lol"').join(', ')}]\n`;
    for (let i = 1; i < int(r, 3, 12); i++) bomb += `b${i}: &b${i} [${Array(width).fill(`*b${i - 1}`).join(', ')}]\n`;
    return r() < 0.5 ? `${t}\n${bomb}` : bomb + t;
  },
  manyKeys: (r, t) => `${t}\n${Array.from({ length: int(r, 1_000, 60_000) }, (_, i) => `key${i % 997}: v${i}`).join('\n')}\n`,
  splice: (r, t, seeds) => {
    const other = pick(r, seeds).text;
    return t.slice(0, at(r, t)) + other.slice(at(r, other));
  },
  duplicateDocs: (r, t) => Array(int(r, 2, 2_000)).fill(t.split(/^---$/m)[0].slice(0, 3_000)).join('---\n'),
};

export const MUTATOR_NAMES = Object.keys(MUTATORS);
/** The mutations that make input large or deep: one case in four gets one of them. */
const HOSTILE = ['longLine', 'longFlow', 'manyDocuments', 'deepFlow', 'deepBlock', 'aliasBomb', 'manyKeys', 'duplicateDocs', 'multibyte'];
const CHEAP = MUTATOR_NAMES.filter((n) => !HOSTILE.includes(n));
/** No case is larger than this (a few above the checker's 8 MiB limit, to test it). */
const MAX_CASE_CHARS = 10_000_000;

export interface FuzzCase {
  readonly id: string;
  readonly seedFile: string;
  readonly mutations: readonly string[];
  readonly text: string;
}

/** Case n of a run: a seed file and one to three mutations (the hostile ones alone, the cheap ones stacked). */
export function makeCase(seed: number, n: number, seeds: readonly Seed[]): FuzzCase {
  const r = rng(caseSeed(seed, n));
  const base = pick(r, seeds);
  const mutations: string[] = [];
  let text = base.text;
  for (let i = int(r, 1, 3); i > 0; i--) {
    const name = pick(r, r() < 0.25 ? HOSTILE : CHEAP);
    mutations.push(name);
    text = MUTATORS[name](r, text, seeds).slice(0, MAX_CASE_CHARS);
  }
  return { id: `${seed}-${n}`, seedFile: base.name, mutations, text };
}
