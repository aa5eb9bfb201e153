// Output formats of the checker: text lines, JSON and SARIF 2.1.0 (with related locations). Each format is a
// sequence of chunks, written one after the other (writeReport): a report of a hundred thousand findings is
// never one string (V8 caps strings at about 512 MiB, and one such string would double the memory needed).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';

export interface FileResult {
  readonly path: string;
  readonly uri: string;
  readonly diagnostics: readonly Diagnostic[];
}

const NAMES: Record<number, 'error' | 'warning' | 'info' | 'hint'> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

function severityName(d: Diagnostic): 'error' | 'warning' | 'info' | 'hint' {
  return NAMES[d.severity ?? DiagnosticSeverity.Error];
}

export function* textReport(results: readonly FileResult[], quiet: boolean): Generator<string> {
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of results) {
    for (const d of r.diagnostics) {
      const sev = severityName(d);
      counts[sev]++;
      if (quiet && sev !== 'error') continue;
      yield `${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${sev} ${d.code} ${d.message}\n`;
    }
  }
  yield `${results.length} files checked: ${counts.error} errors, ${counts.warning} warnings, ${counts.info + counts.hint} notes.\n`;
}

export function* jsonReport(results: readonly FileResult[]): Generator<string> {
  const items = eachFinding(results, (r, d) => ({
    path: r.path,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: severityName(d),
    code: d.code,
    message: d.message,
    related: (d.relatedInformation ?? []).map((ri) => ({ uri: ri.location.uri, line: ri.location.range.start.line + 1, message: ri.message })),
  }));
  yield* withArray({ files: results.length, diagnostics: PLACE }, items, 1);
}

export function* sarifReport(results: readonly FileResult[], versions: Readonly<Record<string, string>>): Generator<string> {
  const codes = new Set<string>();
  for (const r of results) for (const d of r.diagnostics) codes.add(String(d.code));
  const level = (d: Diagnostic) => ({ error: 'error', warning: 'warning', info: 'note', hint: 'note' })[severityName(d)];
  const region = (range: Diagnostic['range']) => ({
    startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1,
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'flux-gitops',
          informationUri: 'https://gitea.example.com/platform/flux-gitops',
          version: '0.1.0',
          properties: { schemas: versions },
          rules: [...codes].sort().map((id) => ({ id, shortDescription: { text: id } })),
        },
      },
      results: PLACE,
    }],
  };
  const items = eachFinding(results, (r, d) => ({
    ruleId: String(d.code),
    level: level(d),
    message: { text: d.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: r.path.split('\\').join('/') }, region: region(d.range) } }],
    relatedLocations: (d.relatedInformation ?? []).map((ri, i) => ({
      id: i + 1,
      message: { text: ri.message },
      physicalLocation: { artifactLocation: { uri: ri.location.uri }, region: region(ri.location.range) },
    })),
  }));
  yield* withArray(sarif, items, 3);
}

function* eachFinding<T>(results: readonly FileResult[], fn: (r: FileResult, d: Diagnostic) => T): Generator<T> {
  for (const r of results) for (const d of r.diagnostics) yield fn(r, d);
}

/** Where the streamed array goes in a skeleton object. */
const PLACE = '\u0001items\u0001';

/**
 * The skeleton as JSON.stringify(…, null, 2) would print it, with the items in place of PLACE: the same bytes
 * as one stringify of the whole, one item at a time. `depth` is how deep the array sits in the skeleton.
 */
function* withArray(skeleton: object, items: Iterable<unknown>, depth: number): Generator<string> {
  const [head, tail] = JSON.stringify(skeleton, null, 2).split(JSON.stringify(PLACE));
  const indent = '  '.repeat(depth + 1);
  let first = true;
  for (const item of items) {
    yield `${first ? `${head}[\n` : ',\n'}${indent}${JSON.stringify(item, null, 2).replace(/\n/g, `\n${indent}`)}`;
    first = false;
  }
  yield `${first ? `${head}[]` : `\n${'  '.repeat(depth)}]`}${tail}\n`;
}

/** Writes chunks in writes of about 64 KiB, waiting whenever the stream asks to. */
export async function writeReport(chunks: Iterable<string>, out: NodeJS.WritableStream): Promise<void> {
  let buffer = '';
  const flush = async () => {
    const ok = out.write(buffer);
    buffer = '';
    if (!ok) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  for (const chunk of chunks) {
    buffer += chunk;
    if (buffer.length >= 65536) await flush();
  }
  if (buffer) await flush();
}
