// Names of workspace objects offered where a reference is typed (sourceRef.name, dependsOn, secretRef, ...):
// the kinds come from the kinds table (or the `kind:` written next to the name), objects in the referrer's
// namespace come first.
import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver-types';
import { kindsNamed, splitApiVersion, type RefSpec } from '../../shared/kinds';
import type { ServiceContext } from '../context';
import { fileLink } from '../refs/hoverText';
import { modelOf, objectOfDoc, type Model } from '../refs/model';
import { namespacesMatch } from '../refs/resolve';
import type { IndexedObject } from '../workspace/index';
import type { ParsedDoc, ParsedFile } from '../yaml/parse';

export function referenceCompletions(ctx: ServiceContext, file: ParsedFile, doc: ParsedDoc, path: readonly string[], range: Range): CompletionItem[] {
  const { apiVersion, kind } = doc.identity;
  if (!apiVersion || !kind || path[path.length - 1] !== 'name') return [];
  const info = kindsNamed(kind).find((k) => k.group === splitApiVersion(apiVersion).group);
  const spec = info?.refs.find((r) => samePath([...r.path, 'name'], path));
  if (!spec) return [];
  const siblings = siblingValues(file, range.start.line);
  const kinds = siblings.kind ? [siblings.kind] : spec.hasKind ? spec.kinds.slice(0, 1) : [...spec.kinds];
  const model = modelOf(ctx);
  const referrer = objectOfDoc(model.index, file.uri, doc.index);
  const wanted = siblings.namespace ? [siblings.namespace] : referrer ? model.structure.namespacesOf(referrer) : undefined;
  const items = new Map<string, CompletionItem>();
  for (const o of candidates(model, kinds)) {
    if (o === referrer || items.has(o.name)) continue;
    const near = namespacesMatch(wanted, model.structure.namespacesOf(o));
    if (!near && !spec.crossNamespace) continue;
    items.set(o.name, item(model, o, near, range));
  }
  return [...items.values()];
}

function samePath(pattern: readonly string[], path: readonly string[]): boolean {
  return pattern.length === path.length && pattern.every((p, i) => p === path[i]);
}

function candidates(model: Model, kinds: readonly string[]): IndexedObject[] {
  const produced: string[] = kinds.filter((k) => k === 'Secret' || k === 'ConfigMap');
  const out = kinds.filter((k) => !produced.includes(k)).flatMap((k) => model.index.ofKind(k));
  if (produced.length) {
    for (const o of model.index.all()) if (o.facts.produces.some((p) => produced.includes(p.kind))) out.push(o);
  }
  return out.filter((o) => !model.structure.isPatch(o.uri));
}

function item(model: Model, o: IndexedObject, near: boolean, range: Range): CompletionItem {
  const produced = o.facts.produces.find((p) => p.kind === 'Secret' || p.kind === 'ConfigMap');
  const name = produced && o.kind !== produced.kind ? produced.name : o.name;
  const ns = model.structure.namespacesOf(o)?.join('|');
  return {
    label: name,
    kind: CompletionItemKind.Reference,
    detail: `${o.kind}${ns ? ` ${ns}/` : ' '}${o.name}`,
    documentation: { kind: 'markdown', value: fileLink(model, o.uri, o.namePosition.line) },
    sortText: `${near ? '0' : '1'}${name}`,
    textEdit: { range, newText: name },
  };
}

/** `kind:` and `namespace:` written in the same mapping as the `name:` being typed (read from the text). */
function siblingValues(file: ParsedFile, line: number): { kind?: string; namespace?: string } {
  const text = file.lines.lineText(line);
  const column = /^(\s*(?:-\s+)?)/.exec(text)![1].length;
  const out: { kind?: string; namespace?: string } = {};
  const visit = (l: number): boolean => {
    const t = file.lines.lineText(l);
    if (!t.trim()) return true;
    const indent = /^(\s*(?:-\s+)?)/.exec(t)![1];
    if (indent.length < column || (l !== line && indent.includes('-') && l > line)) return false;
    if (indent.length === column) {
      const m = /^(kind|namespace)\s*:\s*["']?([^"'\s#]+)/.exec(t.slice(column));
      if (m) out[m[1] as 'kind' | 'namespace'] = m[2];
    }
    return !(indent.includes('-') && l < line);
  };
  visit(line);
  if (!/^\s*-\s/.test(text)) for (let l = line - 1; l >= 0 && visit(l); l--);
  for (let l = line + 1; l < file.lines.lineCount && visit(l); l++);
  return out;
}

export type { RefSpec };
