// What a change does to what Flux applies: two renders of one Flux Kustomization (at a Git ref, and now)
// compared object by object, each changed object as a unified diff of its YAML.
import { stringify } from 'yaml';
import { shownObject } from './redact';
import type { RenderedObject, RenderResult } from './types';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ObjectChange {
  /** `group/Kind namespace/name`, the identity Flux applies by. */
  readonly id: string;
  readonly change: ChangeKind;
  /** Unified diff of the object's YAML (for added and removed objects, every line). */
  readonly diff: string;
}

export interface RenderDiff {
  readonly changes: readonly ObjectChange[];
  /** Set when one side did not render: the other side's objects are not compared. */
  readonly error?: string;
}

export function objectId(o: RenderedObject): string {
  const group = o.apiVersion.includes('/') ? o.apiVersion.slice(0, o.apiVersion.indexOf('/')) : 'core';
  return `${group}/${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function yamlOf(o: RenderedObject): string {
  return stringify(shownObject(o), { sortMapEntries: true, lineWidth: 0 });
}

/** The objects that differ between two renders (undefined: that side has no render, e.g. a new Kustomization). */
export function diffRenders(before: RenderResult | undefined, after: RenderResult | undefined): RenderDiff {
  if (before?.error || after?.error) {
    const which = after?.error ? `now: ${after.error.message}` : `before: ${before!.error!.message}`;
    return { changes: [], error: `not rendered (${which})` };
  }
  const old = new Map((before?.objects ?? []).map((o) => [objectId(o), o]));
  const now = new Map((after?.objects ?? []).map((o) => [objectId(o), o]));
  const ids = [...new Set([...old.keys(), ...now.keys()])].sort();
  const changes: ObjectChange[] = [];
  for (const id of ids) {
    const a = old.get(id);
    const b = now.get(id);
    const ya = a ? yamlOf(a) : '';
    const yb = b ? yamlOf(b) : '';
    if (ya === yb) continue;
    changes.push({ id, change: !a ? 'added' : !b ? 'removed' : 'changed', diff: unifiedDiff(ya, yb, a ? `a/${id}` : '/dev/null', b ? `b/${id}` : '/dev/null') });
  }
  return { changes };
}

/** Past this many differing lines the diff is given as "everything replaced" (bounded work on huge objects). */
const MAX_EDIT_DISTANCE = 2000;

/** A unified diff with three lines of context, like `diff -u`. */
export function unifiedDiff(a: string, b: string, labelA: string, labelB: string, context = 3): string {
  const x = a ? a.replace(/\n$/, '').split('\n') : [];
  const y = b ? b.replace(/\n$/, '').split('\n') : [];
  const ops = lineOps(x, y);
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].op === ' ') {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // A hunk goes on while changes are within twice the context of each other.
    for (let j = i; j < ops.length; j++) {
      if (ops[j].op !== ' ') end = j;
      else if (j - end > 2 * context) break;
    }
    end = Math.min(ops.length - 1, end + context);
    const slice = ops.slice(start, end + 1);
    const aStart = slice.find((o) => o.op !== '+')?.ai ?? ops[start].ai;
    const bStart = slice.find((o) => o.op !== '-')?.bi ?? ops[start].bi;
    const aLen = slice.filter((o) => o.op !== '+').length;
    const bLen = slice.filter((o) => o.op !== '-').length;
    hunks.push(`@@ -${aLen ? aStart + 1 : aStart},${aLen} +${bLen ? bStart + 1 : bStart},${bLen} @@\n${slice.map((o) => `${o.op}${o.text}`).join('\n')}\n`);
    i = end + 1;
  }
  return hunks.length ? `--- ${labelA}\n+++ ${labelB}\n${hunks.join('')}` : '';
}

interface LineOp {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
  /** Index in a (for ' ' and '-') or the position in a at which it stands. */
  readonly ai: number;
  readonly bi: number;
}

/** Myers' shortest edit script between two line lists, bounded in edit distance. */
function lineOps(x: readonly string[], y: readonly string[]): LineOp[] {
  const n = x.length;
  const m = y.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let px = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let py = px - k;
      while (px < n && py < m && x[px] === y[py]) {
        px++;
        py++;
      }
      v[offset + k] = px;
      if (px >= n && py >= m) return backtrack(trace, x, y, d, offset);
    }
    v = v.slice();
  }
  // Too far apart: every old line removed, every new line added.
  return [...x.map((text, i): LineOp => ({ op: '-', text, ai: i, bi: 0 })), ...y.map((text, j): LineOp => ({ op: '+', text, ai: n, bi: j }))];
}

function backtrack(trace: Int32Array[], x: readonly string[], y: readonly string[], dEnd: number, offset: number): LineOp[] {
  const out: LineOp[] = [];
  let px = x.length;
  let py = y.length;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d];
    const k = px - py;
    const prevK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (px > prevX && py > prevY) {
      px--;
      py--;
      out.push({ op: ' ', text: x[px], ai: px, bi: py });
    }
    if (px === prevX) {
      py--;
      out.push({ op: '+', text: y[py], ai: px, bi: py });
    } else {
      px--;
      out.push({ op: '-', text: x[px], ai: px, bi: py });
    }
  }
  while (px > 0 && py > 0) {
    px--;
    py--;
    out.push({ op: ' ', text: x[px], ai: px, bi: py });
  }
  return out.reverse();
}
