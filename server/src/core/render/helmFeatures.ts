// What the editor shows of HelmRelease renders: "Show Rendered Output" of the HelmRelease at a line (the
// release's objects, each after the template it came from, or helm's error), and a code lens above each
// HelmRelease whose chart can be read (objects rendered, or the error).
import type { CodeLens } from 'vscode-languageserver-types';
import { stringify } from 'yaml';
import type { ServiceContext } from '../context';
import type { IndexedObject } from '../workspace/index';
import { SHOW_RENDERED_COMMAND } from './features';
import type { ReleaseScheduler, ReleaseStore } from './helmScheduler';
import type { RenderedText } from './output';
import { shownObject } from './redact';
import { buildKey } from './store';

/** The prefix of a RenderedText name that is a HelmRelease's (a Kustomization's is its bare name). */
const RELEASE_NAME = 'HelmRelease/';

/** The HelmRelease the line of a file is in (when the object starting last at or before it is one), or by name. */
export function releaseAt(ctx: ServiceContext, uri: string, line?: number, name?: string): IndexedObject | undefined {
  const all = ctx.index.objectsIn(uri);
  if (name !== undefined) return name.startsWith(RELEASE_NAME) ? all.find((o) => o.kind === 'HelmRelease' && o.name === name.slice(RELEASE_NAME.length)) : undefined;
  const isRelease = (o: IndexedObject | undefined): o is IndexedObject => o?.kind === 'HelmRelease' && o.group === 'helm.toolkit.fluxcd.io';
  // No line: the file's first HelmRelease, unless a Flux Kustomization (rendered by kustomize) comes first.
  if (line === undefined) {
    const first = all.find((o) => o.facts.kustomization || isRelease(o));
    return isRelease(first) ? first : undefined;
  }
  const file = ctx.parsed(uri);
  const startLine = (o: IndexedObject) => (file ? file.lines.positionAt(o.docRange[0]).line : o.namePosition.line);
  const before = all.filter((o) => startLine(o) <= line);
  const at = before[before.length - 1] ?? all[0];
  return isRelease(at) ? at : undefined;
}

export async function releaseOutput(scheduler: ReleaseScheduler | undefined, store: ReleaseStore, hr: IndexedObject): Promise<RenderedText> {
  const title = `HelmRelease ${hr.namespace ? `${hr.namespace}/` : ''}${hr.name}`;
  const name = `${RELEASE_NAME}${hr.name}`;
  if (!scheduler) return { text: `# ${title}\n# Rendering releases is not available in this session (the helm module did not load; see the Flux GitOps output).\n`, objects: 0, error: 'no renderer', name };
  await scheduler.update();
  const render = store.get(buildKey(hr.uri, hr.docIndex));
  if (!render) return { text: `# ${title}\n# Not rendered: its chart cannot be read here (hover its chart for why).\n`, objects: 0, error: 'no chart', name };
  const { result, input } = render;
  const head = [
    `# ${title}: chart ${result.chart ?? '?'}, release ${input.identity.name} in namespace ${input.identity.namespace}`,
    `# Rendered by helm ${result.error ? '(failed)' : `(${result.objects.length} objects)`}, read-only; it follows your edits.`,
    ...input.notes.map((n) => `# Note: ${n}`),
    ...(result.hooks?.length ? [`# Hooks, not part of the release's manifest (helm runs them apart): ${result.hooks.join(', ')}`] : []),
  ].join('\n');
  if (result.error) return { text: `${head}\n# Error: ${result.error.message.split('\n').join('\n#   ')}\n`, objects: 0, error: result.error.message, name };
  const docs = result.objects.map((o) => `---\n${o.origin ? `# Source: ${o.origin.path}\n` : ''}${stringify(shownObject(o), { lineWidth: 0 })}`);
  return { text: `${head}\n${docs.join('')}`, objects: result.objects.length, name };
}

/** A lens above each rendered HelmRelease: what it renders, or why helm fails. */
export function releaseLenses(ctx: ServiceContext, store: ReleaseStore | undefined, uri: string): CodeLens[] {
  if (!store) return [];
  const out: CodeLens[] = [];
  for (const hr of ctx.index.objectsIn(uri)) {
    if (hr.kind !== 'HelmRelease') continue;
    const render = store.get(buildKey(hr.uri, hr.docIndex));
    if (!render) continue;
    const { error, objects } = render.result;
    const title = error ? `$(error) render fails: ${firstLine(error.message)}` : `$(file-code) ${objects.length} objects rendered`;
    const line = hr.namePosition.line;
    out.push({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, command: { title, command: SHOW_RENDERED_COMMAND, arguments: [uri, line] } });
  }
  return out;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
