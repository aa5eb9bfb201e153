// The fleet: every Flux Kustomization and HelmRelease (by namespace/name) of every shown context side by side.
// Rows are grouped by the platform's categories, columns by environment and region (fleetColumns.ts), each cell
// the object's state, applied revision and age, and cells that differ from their row are marked. Built from the
// sessions' watch caches, so it costs no request. Pure.
import { fleetColumns, type FleetColumn, type FleetLayout } from './fleetColumns';
import type { ClusterContexts } from './contexts';
import { canariesByRow, withCanaries } from './fleetCanaries';
import { declaredIndex, declaredOf, repositoryDrift, repositoryText, type DeclaredIndex } from './fleetRepository';
import { condition, shortRevision, stateOf, SUSPEND_REASON, SUSPENDED_BY } from './status';
import { pathValue, type KObject, type ObjectRef } from './types';

export const FLEET_KINDS = {
  Kustomization: 'kustomize.toolkit.fluxcd.io/Kustomization',
  HelmRelease: 'helm.toolkit.fluxcd.io/HelmRelease',
} as const;
export type FleetKind = keyof typeof FLEET_KINDS;

export const OTHER_CATEGORY = 'other';

export type CellState = 'ready' | 'failing' | 'suspended' | 'progressing' | 'unknown';

export interface FleetCell {
  readonly state: CellState;
  /** The failure reason, or the suspension's reason. */
  readonly reason?: string;
  readonly message?: string;
  readonly suspendedBy?: string;
  /** The short Git revision applied (Kustomization) or the chart version (HelmRelease). */
  readonly revision?: string;
  /** When the object last changed state (the Ready condition's transition), for its age. */
  readonly since?: string;
  /** Why the cell stands out from its row, when it does. */
  readonly skew?: string;
  /** How the live object differs from what its cluster folder declares on the current branch. */
  readonly drift?: string;
  /** A canary the object applied that is rolling out, or failed and rolled back. */
  readonly canary?: string;
}

export interface FleetRow {
  /** `Kind/namespace/name`. */
  readonly key: string;
  readonly kind: FleetKind;
  readonly namespace: string;
  readonly name: string;
  readonly category: string;
  /** What the cluster folders on the current branch declare (the "repository" column). */
  readonly repository?: string;
  /** One per column, in the columns' order; undefined where the context does not have the object. */
  readonly cells: readonly (FleetCell | undefined)[];
}

export interface FleetGroup {
  readonly category: string;
  readonly rows: readonly FleetRow[];
}

/** A column's connection: cells are only meaningful when it is ready. */
export interface ColumnHealth {
  /** `idle`: not watched in full; its cells, if any, come from the last list (`listedAt`) and are not live. */
  readonly phase: 'connecting' | 'ready' | 'error' | 'stopped' | 'idle';
  /** Why the context, or one of the fleet's kinds in it, cannot be shown (down, forbidden, Flux missing). */
  readonly problem?: string;
  /** The context's counts when it is not watched (`42 ready, 3 failing`), and where they come from. */
  readonly summary?: string;
  /** Epoch ms of the list the cells of a column that is not watched come from. */
  readonly listedAt?: number;
}

export interface FleetModel {
  readonly columns: readonly (FleetColumn & ColumnHealth)[];
  readonly groups: readonly FleetGroup[];
}

/** One context as the fleet reads it: a session's phase and its watch cache of the fleet's kinds. */
export interface FleetSource extends ColumnHealth {
  readonly context: string;
  objects(kind: FleetKind): readonly KObject[];
  /** One object from the cache (a watch event's row is rebuilt alone). */
  get(kind: FleetKind, namespace: string, name: string): KObject | undefined;
  /** The context's Flagger canaries, when it serves them. */
  canaries?(): readonly KObject[];
}

export const rowKey = (kind: string, namespace: string | undefined, name: string): string => `${kind}/${namespace ?? ''}/${name}`;

/** A row's `Kind/namespace/name` taken apart; undefined when it is not one of the fleet's. */
export function parseRowKey(key: string): { kind: FleetKind; namespace: string; name: string } | undefined {
  const [kind, namespace, ...rest] = key.split('/');
  if (!Object.hasOwn(FLEET_KINDS, kind) || !rest.length) return undefined;
  return { kind: kind as FleetKind, namespace, name: rest.join('/') };
}

/** The object of a cell: its row's object in its column's context. */
export function refOf(row: string, context: string): ObjectRef | undefined {
  const r = parseRowKey(row);
  return r && { context, kindKey: FLEET_KINDS[r.kind], namespace: r.namespace || undefined, name: r.name };
}

const HELM_REVISION = [['status', 'history', '0', 'chartVersion'], ['status', 'lastAttemptedRevision'], ['status', 'lastAppliedRevision']];
const GIT_REVISION = [['status', 'lastAppliedRevision'], ['status', 'lastAttemptedRevision']];

/** The fleet shows the same few revisions thousands of times: each is shortened once. */
const shortened = new Map<string, string>();
function short(revision: string): string {
  let s = shortened.get(revision);
  if (s === undefined) {
    if (shortened.size > 10_000) shortened.clear();
    shortened.set(revision, (s = shortRevision(revision)));
  }
  return s;
}

/** The revision a cell shows: the chart version of a HelmRelease, the short Git revision of a Kustomization. */
export function appliedRevision(kind: FleetKind, obj: KObject): string | undefined {
  for (const p of kind === 'HelmRelease' ? HELM_REVISION : GIT_REVISION) {
    const v = pathValue(obj, p);
    if (typeof v === 'string' && v) return short(v);
  }
  return undefined;
}

const STATES: Readonly<Record<string, CellState>> = { ready: 'ready', failed: 'failing', suspended: 'suspended', reconciling: 'progressing', unknown: 'unknown' };

export function fleetCell(kind: FleetKind, obj: KObject): FleetCell {
  const generation = obj.metadata.generation;
  const observed = obj.status?.observedGeneration;
  const state = STATES[stateOf(obj, generation === undefined || observed === undefined || observed >= generation)];
  const ready = condition(obj, 'Ready');
  const annotations = obj.metadata.annotations;
  const cell: { -readonly [K in keyof FleetCell]: FleetCell[K] } = { state, revision: appliedRevision(kind, obj), since: ready?.lastTransitionTime ?? obj.metadata.creationTimestamp };
  if (state === 'failing') {
    cell.reason = ready?.reason ?? condition(obj, 'Stalled')?.reason ?? 'Failed';
    cell.message = ready?.message;
  } else if (state === 'suspended') {
    cell.reason = annotations?.[SUSPEND_REASON];
    cell.suspendedBy = annotations?.[SUSPENDED_BY];
  }
  return cell;
}

/** The category a row belongs to: where the workspace declares it, else a category its name starts with. */
function categoryResolver(layout: FleetLayout): (kind: FleetKind, namespace: string, name: string) => string {
  const declared = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const p of layout.placements) {
    declared.set(rowKey(p.kind, p.namespace, p.name), p.category);
    byName.set(`${p.kind}/${p.name}`, p.category);
  }
  return (kind, namespace, name) =>
    declared.get(rowKey(kind, namespace, name)) ??
    byName.get(`${kind}/${name}`) ??
    layout.categories.find((c) => name === c || name.startsWith(`${c}-`)) ??
    OTHER_CATEGORY;
}

/** What a cell adds to its object's state: its canaries' rollout, and how it differs from the repository. */
export interface CellContext {
  readonly canaries: ReadonlyMap<string, readonly KObject[]>;
  readonly declared: DeclaredIndex;
}

export function cellContexts(sources: readonly FleetSource[], layout: FleetLayout): Map<string, CellContext> {
  const declared = declaredIndex(layout.declared);
  return new Map(sources.map((s) => [s.context, { canaries: canariesByRow(s.canaries?.() ?? [], s.objects('Kustomization')), declared }]));
}

/** A cell with everything it shows: state, canary, and its difference from its cluster folder's manifest. */
export function fullCell(kind: FleetKind, obj: KObject, column: FleetColumn, ctx: CellContext | undefined): FleetCell {
  const base = fleetCell(kind, obj);
  // Most cells have neither canaries nor a declaration: they cost nothing more than their state.
  if (!ctx || (ctx.canaries.size === 0 && ctx.declared.size === 0)) return base;
  const ns = obj.metadata.namespace ?? '';
  const cell = ctx.canaries.size ? withCanaries(base, ctx.canaries.get(rowKey(kind, ns, obj.metadata.name))) : base;
  if (!column.cluster || ctx.declared.size === 0) return cell;
  const d = declaredOf(ctx.declared, kind, ns, obj.metadata.name).find((x) => x.cluster === column.cluster);
  const drift = repositoryDrift(kind, obj, cell.revision, d);
  return drift ? { ...cell, drift } : cell;
}

interface RowDraft {
  readonly kind: FleetKind;
  readonly namespace: string;
  readonly name: string;
  readonly cells: (FleetCell | undefined)[];
}

function columnOf(c: FleetColumn, h: ColumnHealth): FleetColumn & ColumnHealth {
  const column: FleetColumn & ColumnHealth = { ...c, phase: h.phase, problem: h.problem };
  if (h.summary === undefined) return column;
  return h.listedAt === undefined ? { ...column, summary: h.summary } : { ...column, summary: h.summary, listedAt: h.listedAt };
}

export function buildFleet(sources: readonly FleetSource[], layout: FleetLayout, mapping: ClusterContexts = {}): FleetModel {
  const health = new Map(sources.map((s) => [s.context, s]));
  const columns = fleetColumns(sources.map((s) => s.context), layout, mapping).map((c) => columnOf(c, health.get(c.context)!));
  const drafts = new Map<string, RowDraft>();
  const contexts = cellContexts(sources, layout);
  const declared = declaredIndex(layout.declared);
  columns.forEach((column, i) => {
    const source = health.get(column.context)!;
    const ctx = contexts.get(column.context);
    for (const kind of Object.keys(FLEET_KINDS) as FleetKind[]) {
      for (const obj of source.objects(kind)) {
        const ns = obj.metadata.namespace ?? '';
        const key = rowKey(kind, ns, obj.metadata.name);
        let row = drafts.get(key);
        if (!row) drafts.set(key, (row = { kind, namespace: ns, name: obj.metadata.name, cells: new Array(columns.length).fill(undefined) }));
        row.cells[i] = fullCell(kind, obj, column, ctx);
      }
    }
  });
  const category = categoryResolver(layout);
  const byCategory = new Map<string, FleetRow[]>();
  for (const [key, d] of drafts) {
    const c = category(d.kind, d.namespace, d.name);
    const list = byCategory.get(c) ?? [];
    const repository = repositoryText(declaredOf(declared, d.kind, d.namespace, d.name));
    list.push({ key, kind: d.kind, namespace: d.namespace, name: d.name, category: c, ...(repository ? { repository } : {}), cells: markSkew(d.cells, columns) });
    byCategory.set(c, list);
  }
  const order = [...layout.categories, OTHER_CATEGORY];
  const groups = order
    .filter((c) => byCategory.has(c))
    .map((c) => ({ category: c, rows: byCategory.get(c)!.sort((a, b) => a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace) || a.kind.localeCompare(b.kind)) }));
  return { columns, groups };
}

/**
 * Marks the cells that stand out: a revision other than the one most of the row runs, and a production cell
 * running a revision no staging cell runs.
 */
export function markSkew(cells: readonly (FleetCell | undefined)[], columns: readonly FleetColumn[]): (FleetCell | undefined)[] {
  const counts = new Map<string, number>();
  const staging = new Set<string>();
  cells.forEach((c, i) => {
    if (!c?.revision) return;
    counts.set(c.revision, (counts.get(c.revision) ?? 0) + 1);
    if (columns[i]?.environment === 'staging') staging.add(c.revision);
  });
  if (counts.size < 2) return [...cells];
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const majority = ranked[0][1] > ranked[1][1] ? ranked[0][0] : undefined;
  return cells.map((c, i) => {
    if (!c?.revision) return c;
    if (columns[i]?.environment === 'production' && staging.size && !staging.has(c.revision)) {
      return { ...c, skew: `Production runs ${c.revision}; staging runs ${[...staging].join(', ')}.` };
    }
    if (majority !== undefined && c.revision !== majority) return { ...c, skew: `Most contexts run ${majority}.` };
    return c;
  });
}
