// Output formats of the checker: text lines, JSON and SARIF 2.1.0 (with related locations).
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

export function formatText(results: readonly FileResult[], quiet: boolean): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of results) {
    for (const d of r.diagnostics) {
      const sev = severityName(d);
      counts[sev]++;
      if (quiet && sev !== 'error') continue;
      lines.push(`${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${sev} ${d.code} ${d.message}`);
    }
  }
  lines.push(`${results.length} files checked: ${counts.error} errors, ${counts.warning} warnings, ${counts.info + counts.hint} notes.`);
  return `${lines.join('\n')}\n`;
}

export function formatJson(results: readonly FileResult[]): string {
  const items = results.flatMap((r) => r.diagnostics.map((d) => ({
    path: r.path,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: severityName(d),
    code: d.code,
    message: d.message,
    related: (d.relatedInformation ?? []).map((ri) => ({ uri: ri.location.uri, line: ri.location.range.start.line + 1, message: ri.message })),
  })));
  return `${JSON.stringify({ files: results.length, diagnostics: items }, null, 2)}\n`;
}

export function formatSarif(results: readonly FileResult[], versions: Readonly<Record<string, string>>): string {
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
      results: results.flatMap((r) => r.diagnostics.map((d) => ({
        ruleId: String(d.code),
        level: level(d),
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: r.path.split('\\').join('/') }, region: region(d.range) } }],
        relatedLocations: (d.relatedInformation ?? []).map((ri, i) => ({
          id: i + 1,
          message: { text: ri.message },
          physicalLocation: { artifactLocation: { uri: ri.location.uri }, region: region(ri.location.range) },
        })),
      }))),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
