// The values a HelmRelease reads from a ConfigMap of this repository (`valuesFrom`, the key `values.yaml` unless
// `valuesKey` names another): the same checks as `spec.values`, inside the ConfigMap's literal block (`|`),
// with every offset of the embedded document mapped back to the file. A key whose content is not a mapping
// (a single value for a `targetPath`) is not a values document and is left alone.
import type { Diagnostic } from 'vscode-languageserver-types';
import { isMap, isScalar, parseDocument, type Scalar, type YAMLMap } from 'yaml';
import type { ServiceContext } from '../context';
import { diagnostic } from '../diagnostic';
import { modelOf, objectOfDoc } from '../refs/model';
import { resolveRef } from '../refs/resolve';
import type { IndexedObject } from '../workspace/index';
import { nodeAtPath } from '../yaml/ast';
import type { ParsedFile } from '../yaml/parse';
import type { LoadedChart } from './chart';
import { checkValues } from './diagnostics';
import { chartPlan } from './plan';
import { askerOf } from './release';

/** A ConfigMap data key that a HelmRelease with a known chart reads its values from. */
export interface ValuesReader {
  readonly release: IndexedObject;
  readonly key: string;
  readonly chart?: LoadedChart;
}

/** The HelmReleases that read values from this ConfigMap, with their chart when it is known. */
export function readersOf(ctx: ServiceContext, configMap: IndexedObject): ValuesReader[] {
  if (configMap.kind !== 'ConfigMap' || configMap.group !== '' || !ctx.charts) return [];
  const model = modelOf(ctx);
  const out: ValuesReader[] = [];
  // Only the files that refer to this name: every ConfigMap of a large workspace asks, so no scan of all releases.
  const releases = [...ctx.index.referrersOf(configMap.name)].flatMap((uri) => ctx.index.objectsIn(uri)).filter((o) => o.kind === 'HelmRelease');
  for (const release of releases) {
    for (const ref of release.facts.refs) {
      if (ref.spec.role !== 'valuesFrom' || (ref.kind ?? 'ConfigMap') !== 'ConfigMap' || ref.name !== configMap.name) continue;
      const targets = resolveRef(model, release, ref).targets;
      if (!targets.some((t) => t.uri === configMap.uri && t.docIndex === configMap.docIndex)) continue;
      const plan = chartPlan(ctx, release);
      const state = plan ? ctx.charts.stateOf(plan, () => askerOf(ctx, release)) : undefined;
      out.push({ release, key: ref.key?.value ?? 'values.yaml', ...(state?.state === 'ready' ? { chart: state.chart } : {}) });
    }
  }
  return out;
}

export function valuesFromDiagnostics(ctx: ServiceContext, file: ParsedFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const doc of file.docs) {
    if (doc.identity.kind !== 'ConfigMap') continue;
    const configMap = objectOfDoc(ctx.index, file.uri, doc.index);
    for (const reader of configMap ? readersOf(ctx, configMap) : []) {
      const data = nodeAtPath(doc.root, ['data', reader.key]);
      const embedded = reader.chart && isScalar(data) ? embeddedValues(file.text, data) : undefined;
      if (!embedded || !reader.chart) continue;
      const where = `data."${reader.key}" (values of HelmRelease ${reader.release.name})`;
      for (const p of checkValues(ctx, reader.chart, embedded.map, [0, 0], where)) {
        out.push(diagnostic(file.lines, embedded.toFile(p.start), embedded.toFile(p.end), p.code, p.message, p.severity));
      }
    }
  }
  return out;
}

/** The mapping a literal block holds, and how an offset in the block's value maps to the file. */
export function embeddedValues(text: string, scalar: Scalar): { map: YAMLMap; toFile: (offset: number) => number } | undefined {
  const block = literalBlock(text, scalar);
  if (!block) return undefined;
  const parsed = parseDocument(block.value, { uniqueKeys: false });
  if (parsed.errors.length || !isMap(parsed.contents)) return undefined;
  return { map: parsed.contents, toFile: block.toFile };
}

export interface LiteralBlock {
  /** The block's content, as YAML gives it (indentation removed). */
  readonly value: string;
  /** The columns the content is indented by in the file. */
  readonly indent: number;
  toFile(offset: number): number;
  /** An offset of the file inside the block's content, as an offset of the value; undefined outside it. */
  toValue(offset: number): number | undefined;
}

/** A literal block scalar (`|`) and the line-by-line mapping between its value and the file. */
export function literalBlock(text: string, scalar: Scalar): LiteralBlock | undefined {
  if (scalar.type !== 'BLOCK_LITERAL' || !scalar.range) return undefined;
  const value = String(scalar.value);
  const headerEnd = text.indexOf('\n', scalar.range[0]);
  if (headerEnd < 0) return undefined;
  const valueLines = value.split('\n');
  const fileStarts: number[] = [];
  const valueStarts: number[] = [];
  let filePos = headerEnd + 1;
  let valuePos = 0;
  for (const line of valueLines) {
    fileStarts.push(filePos);
    valueStarts.push(valuePos);
    valuePos += line.length + 1;
    const nl = text.indexOf('\n', filePos);
    filePos = nl < 0 ? text.length : nl + 1;
  }
  const first = valueLines.findIndex((l) => l.trim());
  const indent = first < 0 ? 0 : /^ */.exec(text.slice(fileStarts[first]))![0].length;
  const lineOf = (starts: number[], offset: number) => {
    let i = starts.length - 1;
    while (i > 0 && starts[i] > offset) i--;
    return i;
  };
  return {
    value,
    indent,
    toFile: (offset) => {
      const i = lineOf(valueStarts, offset);
      return fileStarts[i] + indent + (offset - valueStarts[i]);
    },
    toValue: (offset) => {
      if (offset < fileStarts[0] || offset > scalar.range![1]) return undefined;
      const i = lineOf(fileStarts, offset);
      const column = offset - fileStarts[i] - indent;
      return column < 0 ? undefined : Math.min(valueStarts[i] + column, valueStarts[i] + valueLines[i].length);
    },
  };
}
