// Text scans of one document: `${VAR}` uses (Flux post-build substitution) and image policy markers.
import type { RefSpec } from '../../shared/kinds';
import type { ParsedDoc, ParsedFile } from '../yaml/parse';
import type { RefFact, Span, VarUse } from './facts';

// Flux substitutes `${NAME}` and `${NAME<op>default}` (drone/envsubst); `$${NAME}` is an escape.
const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-=+?][^}]*)?\}/g;
const MARKER = /#\s*\{\s*"\$imagepolicy"\s*:\s*"([^"]*)"\s*\}/g;

export const MARKER_SPEC: RefSpec = { path: ['# {"$imagepolicy"}'], kinds: ['ImagePolicy'], hasKind: false, crossNamespace: true, role: 'object' };

function span(file: ParsedFile, start: number, end: number): Span {
  return { start, end, range: file.lines.range(start, end) };
}

function docText(file: ParsedFile, doc: ParsedDoc): string {
  return file.text.slice(doc.start, doc.end);
}

/** Whether a match at `index` of `text` sits in a YAML comment (a `#` after a blank or at the line start). */
function inComment(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const before = text.slice(lineStart, index);
  return /(^|\s)#/.test(before);
}

export function varUses(file: ParsedFile, doc: ParsedDoc): VarUse[] {
  const text = docText(file, doc);
  if (!text.includes('${')) return [];
  const out: VarUse[] = [];
  for (const m of text.matchAll(VAR)) {
    const at = m.index ?? 0;
    if (text[at - 1] === '$' || inComment(text, at)) continue;
    const start = doc.start + at;
    out.push({ name: m[1], hasDefault: m[2] !== undefined, span: span(file, start, start + m[0].length) });
  }
  return out;
}

/** `# {"$imagepolicy": "ns:name"}` or `"ns:name:tag"` / `"ns:name:name"` markers naming an ImagePolicy. */
export function markerRefs(file: ParsedFile, doc: ParsedDoc): RefFact[] {
  const text = docText(file, doc);
  if (!text.includes('$imagepolicy')) return [];
  const out: RefFact[] = [];
  for (const m of text.matchAll(MARKER)) {
    const [namespace, name] = m[1].split(':');
    if (!name) continue;
    const start = doc.start + (m.index ?? 0) + m[0].indexOf(`"${m[1]}"`) + 1;
    out.push({
      spec: MARKER_SPEC, field: '$imagepolicy', kind: 'ImagePolicy', name, namespace: namespace || undefined,
      optional: false, span: span(file, start, start + m[1].length), wildcard: false,
    });
  }
  return out;
}
