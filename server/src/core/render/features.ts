// What the editor shows of renders: the rendered output of a Flux Kustomization, a kustomization.yaml or a
// folder, and a code lens above each Flux Kustomization (objects rendered, the render error, or pending).
import type { CodeLens } from 'vscode-languageserver-types';
import type { ServiceContext } from '../context';
import { modelOf } from '../refs/model';
import type { IndexedObject } from '../workspace/index';
import { dirOf, isKustomizationFile, workspaceRelative } from '../workspace/paths';
import { renderedText, type RenderedText } from './output';
import { RenderPaths } from './paths';
import type { RenderScheduler } from './scheduler';
import { buildKey } from './store';

export const SHOW_RENDERED_COMMAND = 'fluxGitops.showRenderedOutput';

/** The Flux Kustomization a line of a file belongs to (the last one starting at or before it), else the first. */
function kustomizationAt(ctx: ServiceContext, uri: string, line?: number, name?: string): IndexedObject | undefined {
  const all = ctx.index.objectsIn(uri).filter((o) => o.facts.kustomization);
  if (name !== undefined) return all.find((o) => o.name === name);
  const file = line === undefined ? undefined : ctx.parsed(uri);
  if (!file || line === undefined) return all[0];
  const before = all.filter((o) => file.lines.positionAt(o.docRange[0]).line <= line);
  return before[before.length - 1] ?? all[0];
}

export async function renderedOutput(ctx: ServiceContext, scheduler: RenderScheduler | undefined, uri: string, line?: number, name?: string): Promise<RenderedText> {
  if (!scheduler) return { text: '# Rendering is not available in this session (the render module did not load; see the Flux GitOps output).\n', objects: 0, error: 'no renderer' };
  const paths = new RenderPaths(ctx.host.roots());
  const relative = (u: string) => workspaceRelative(ctx.host.roots(), u);
  const ks = kustomizationAt(ctx, uri, line, name);
  if (name !== undefined && !ks) return { text: `# Kustomization ${name} is not defined in this file here.\n`, objects: 0, error: 'not defined' };
  if (ks) {
    await scheduler.update();
    const build = modelOf(ctx).structure.fluxBuildOf(ks);
    const render = ctx.renders.get(buildKey(ks.uri, ks.docIndex));
    const title = `Kustomization ${ks.name}: ${ks.facts.kustomization?.path?.value ?? '(no path)'}`;
    if (render) return { ...renderedText(title, render.result, paths, relative), name: ks.name };
    const why = !build?.dir ? 'its path does not land on a folder of this workspace' : 'its source is not this repository';
    return { text: `# ${title}\n# Not rendered: ${why}.\n`, objects: 0, error: why };
  }
  const dir = isKustomizationFile(uri) ? dirOf(uri) : (await ctx.host.stat(uri)) === 'directory' ? uri : dirOf(uri);
  const result = await scheduler.renderFolder(dir);
  return renderedText(`kustomize build ${relative(dir) || '.'}`, result, paths, relative);
}

/** A lens above each Flux Kustomization whose build is local: what it renders, why it fails, or that it is pending. */
export function renderLenses(ctx: ServiceContext, uri: string, enabled: boolean): CodeLens[] {
  if (!enabled) return [];
  const model = modelOf(ctx);
  const out: CodeLens[] = [];
  for (const ks of ctx.index.objectsIn(uri)) {
    if (!ks.facts.kustomization) continue;
    const build = model.structure.fluxBuildOf(ks);
    if (!build?.dir || build.local === 'no') continue;
    const render = ctx.renders.get(buildKey(ks.uri, ks.docIndex));
    const title = !render ? '$(sync~spin) rendering…'
      : render.result.error ? `$(error) render fails: ${firstLine(render.result.error.message)}`
      : `$(file-code) ${render.result.objects.length} objects rendered`;
    const line = ks.namePosition.line;
    out.push({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, command: { title, command: SHOW_RENDERED_COMMAND, arguments: [uri, line] } });
  }
  return out;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
