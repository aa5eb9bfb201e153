// A values.schema.json violation is said once: the values check (charts/diagnostics.ts) reports it at the value,
// and helm's render then fails on the same violation ("values don't meet the specifications of the schema(s)").
// helm's message lists each violation as `- at '<JSON pointer>': <what>` under the name of the chart whose schema
// it breaks (a sub-chart's pointers are within its own values). A violation the values check already reports in
// the same file is left out of the render-failed message; when none is left, the render-failed is dropped. Other
// render failures, and violations only the merge shows (a required key, values from a ConfigMap), are kept.
import type { Diagnostic } from 'vscode-languageserver-types';

const SCHEMA_FAILURE = "values don't meet the specifications of the schema(s)";
const VALUES_CHECK = '(values.schema.json of the chart';
const RENDER_FAILED = 'render-failed';

interface Violation {
  /** The pointer within the release's values (a sub-chart's put under its name). */
  readonly pointer: string;
  readonly text: string;
}

const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

export function dropRepeatedSchemaFailures(diagnostics: Diagnostic[]): Diagnostic[] {
  const failure = diagnostics.find((d) => d.code === RENDER_FAILED && text(d).includes(SCHEMA_FAILURE));
  if (!failure) return diagnostics;
  const said = diagnostics.map(text).filter((m) => m.includes(VALUES_CHECK));
  if (!said.length) return diagnostics;
  const head = text(failure).slice(0, text(failure).indexOf(SCHEMA_FAILURE));
  const violations = violationsOf(text(failure));
  if (!violations.length) return diagnostics;
  const left = violations.filter((v) => !said.some((m) => mentions(m, v.pointer)));
  if (left.length === violations.length) return diagnostics;
  const others = diagnostics.filter((d) => d !== failure);
  if (!left.length) return others;
  const message = `${head}${SCHEMA_FAILURE}: ${left.map((v) => `at '${v.pointer}': ${v.text}`).join('; ')}`;
  return [...others, { ...failure, message }];
}

/** helm's violations, from its message as one line (helmChecks.ts joins its lines). */
export function violationsOf(message: string): Violation[] {
  const body = message.slice(message.indexOf(SCHEMA_FAILURE) + SCHEMA_FAILURE.length);
  const marks = [...body.matchAll(/(?:([\w.-]+):\s+)?- at '([^']*)':\s*/g)];
  let top: string | undefined;
  let chart: string | undefined;
  return marks.map((m, i) => {
    if (m[1]) chart = m[1];
    top ??= chart;
    const end = i + 1 < marks.length ? marks[i + 1].index! : body.length;
    const text = body.slice(m.index! + m[0].length, end).trim();
    const pointer = chart && chart !== top ? `/${chart}${m[2]}` : m[2];
    return { pointer, text };
  });
}

/** Whether a values-check message is about the value at a pointer (`spec.values.a.b[0] …`, `… in spec.values.a.`). */
function mentions(message: string, pointer: string): boolean {
  if (!pointer || pointer === '/') return false;
  const path = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const dotted = path.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join('');
  const at = message.indexOf(`values${dotted}`);
  if (at < 0) return false;
  const next = message[at + `values${dotted}`.length];
  return next === undefined || next === ' ' || next === '.' || next === ',';
}
