// The fleet as it changes: the cells that differ between two builds, and the fleet after a watch event about
// one object, with only that object's row rebuilt (what the panel posts, cell by cell). Pure.
import { fullCell, markSkew, parseRowKey, type CellContext, type FleetCell, type FleetModel, type FleetRow, type FleetSource } from './fleet';

/** A cell's place in the view: the row's key and the column's context. */
export interface CellChange {
  readonly row: string;
  readonly context: string;
  readonly cell: FleetCell | undefined;
}

/**
 * The cells that changed between two builds, or undefined when the shape changed (columns, their health, rows
 * or their grouping), which the view redraws whole.
 */
export function changedCells(before: FleetModel, after: FleetModel): CellChange[] | undefined {
  if (JSON.stringify(before.columns) !== JSON.stringify(after.columns)) return undefined;
  const shape = (m: FleetModel) => m.groups.map((g) => `${g.category}:${g.rows.map((r) => r.key).join(',')}`).join(';');
  if (shape(before) !== shape(after)) return undefined;
  const out: CellChange[] = [];
  after.groups.forEach((g, gi) =>
    g.rows.forEach((row, ri) => {
      const old = before.groups[gi].rows[ri];
      row.cells.forEach((cell, ci) => {
        if (!sameCell(cell, old.cells[ci])) out.push({ row: row.key, context: after.columns[ci].context, cell });
      });
    }),
  );
  return out;
}

function sameCell(a: FleetCell | undefined, b: FleetCell | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.state === b.state && a.reason === b.reason && a.message === b.message && a.suspendedBy === b.suspendedBy && a.revision === b.revision && a.since === b.since && a.skew === b.skew && a.drift === b.drift && a.canary === b.canary;
}

/**
 * The fleet after a watch event about one object: only its row is rebuilt (its cells, and its skew), from the
 * same sources in the same order. Undefined when the rows change (an object appears in, or leaves, every
 * context), which takes a whole build.
 */
export function withRow(model: FleetModel, sources: readonly FleetSource[], key: string, contexts?: ReadonlyMap<string, CellContext>): { model: FleetModel; changes: CellChange[] } | undefined {
  const row = parseRowKey(key);
  if (!row) return undefined;
  const byContext = new Map(sources.map((s) => [s.context, s]));
  for (let gi = 0; gi < model.groups.length; gi++) {
    const ri = model.groups[gi].rows.findIndex((r) => r.key === key);
    if (ri < 0) continue;
    const old = model.groups[gi].rows[ri];
    const raw = model.columns.map((c) => {
      const obj = byContext.get(c.context)?.get(row.kind, row.namespace, row.name);
      return obj ? fullCell(row.kind, obj, c, contexts?.get(c.context)) : undefined;
    });
    if (raw.every((c) => c === undefined)) return undefined;
    const next: FleetRow = { ...old, cells: markSkew(raw, model.columns) };
    const rows = [...model.groups[gi].rows];
    rows[ri] = next;
    const groups = [...model.groups];
    groups[gi] = { ...model.groups[gi], rows };
    const changes = next.cells.flatMap((cell, ci) => (sameCell(cell, old.cells[ci]) ? [] : [{ row: key, context: model.columns[ci].context, cell }]));
    return { model: { columns: model.columns, groups }, changes };
  }
  return undefined;
}
