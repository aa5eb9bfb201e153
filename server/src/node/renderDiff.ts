// The rendered workspace at a Git ref, beside the one in the working tree: what a branch changes in what Flux
// applies, per Flux Kustomization. The ref's files are read from Git into memory, indexed and rendered by a
// second engine, so the working tree's renders are not disturbed.
import { diffRenders, type RenderDiff } from '../core/render/diff';
import type { RenderResult } from '../core/render/types';
import type { Logger } from '../core/logger';
import { createLanguageService, type LanguageService } from '../core/service';
import type { SchemaRegistry } from '../core/schema/registry';
import type { Settings } from '../core/settings';
import { memoryHost } from '../core/workspace/host';
import { workspaceRelative } from '../core/workspace/paths';
import { treeAtRef } from './gitRef';
import { startRendering } from './renders';

export interface RenderedWorkspace {
  readonly service: LanguageService;
  readonly commit: string;
  dispose(): void;
}

/** Indexes and renders a workspace folder as it is at a ref (root: the folder's URI, so paths line up). */
export async function renderedAt(folder: string, root: string, ref: string, registry: SchemaRegistry, settings: Settings, logger: Logger): Promise<RenderedWorkspace> {
  const tree = await treeAtRef(folder, ref);
  const host = memoryHost(Object.fromEntries(tree.files), root);
  const service = createLanguageService({ registry, host, logger, settings });
  await service.indexWorkspace();
  const renders = startRendering(service, logger, () => undefined);
  await renders.settled();
  return { service, commit: tree.commit, dispose: () => renders.dispose() };
}

export interface KustomizationRender {
  /** `namespace/name` of the Flux Kustomization. */
  readonly name: string;
  readonly uri: string;
  readonly result: RenderResult;
}

/** Every rendered Flux Kustomization of a service, keyed by its file and namespace/name. */
export function renderedKustomizations(service: LanguageService): Map<string, KustomizationRender> {
  const out = new Map<string, KustomizationRender>();
  for (const key of service.renders.keys()) {
    const r = service.renders.get(key)!;
    const ks = service.index.objectsIn(r.ksUri).find((o) => o.docIndex === r.ksDoc);
    if (!ks) continue;
    const name = `${ks.namespace ?? 'default'}/${ks.name}`;
    out.set(`${r.ksUri}|${name}`, { name, uri: r.ksUri, result: r.result });
  }
  return out;
}

export interface KustomizationDiff extends RenderDiff {
  readonly name: string;
  /** The manifest's path relative to the workspace folder. */
  readonly file: string;
  readonly status: 'added' | 'removed' | 'changed';
}

/** The Flux Kustomizations whose rendered objects differ between the ref and now, in file order. */
export function diffWorkspaces(before: LanguageService, after: LanguageService, roots: readonly string[]): KustomizationDiff[] {
  const a = renderedKustomizations(before);
  const b = renderedKustomizations(after);
  const out: KustomizationDiff[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(key);
    const y = b.get(key);
    const d = diffRenders(x?.result, y?.result);
    if (!d.changes.length && !d.error) continue;
    const k = (y ?? x)!;
    out.push({ ...d, name: k.name, file: workspaceRelative(roots, k.uri), status: !x ? 'added' : !y ? 'removed' : 'changed' });
  }
  return out;
}

/** Text for a terminal, or markdown for a pull-request comment. */
export function formatDiff(diffs: readonly KustomizationDiff[], ref: string, commit: string, markdown: boolean): string {
  const head = `Rendered changes against ${ref} (${commit.slice(0, 12)}): ${diffs.length ? `${diffs.length} Flux Kustomization${diffs.length === 1 ? '' : 's'} changed` : 'nothing changed'}.`;
  if (!diffs.length) return `${head}\n`;
  const parts = diffs.map((d) => {
    const title = `Kustomization ${d.name} (${d.file})${d.status === 'changed' ? '' : `, ${d.status}`}`;
    const summary = d.error ?? d.changes.map((c) => `${c.change} ${c.id}`).join('\n');
    const body = d.changes.map((c) => c.diff).join('');
    return markdown
      ? `### ${title}\n\n${d.error ? `> ${d.error}\n` : ''}<details><summary>${d.changes.length} object${d.changes.length === 1 ? '' : 's'}</summary>\n\n\`\`\`diff\n${body}\`\`\`\n\n</details>\n`
      : `== ${title}\n${summary}\n${body}`;
  });
  return `${markdown ? `## ${head}` : head}\n\n${parts.join('\n')}`;
}
