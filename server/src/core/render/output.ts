// The text of "Show Rendered Output": what a build renders, as one multi-document YAML file, each object
// preceded by the file it came from, or the error kustomize would stop at.
import { stringify } from 'yaml';
import type { RenderPaths } from './paths';
import { shownObject } from './redact';
import type { RenderResult } from './types';

export interface RenderedText {
  readonly text: string;
  readonly objects: number;
  readonly error?: string;
  /** The Flux Kustomization rendered, when it was one. */
  readonly name?: string;
}

export function renderedText(title: string, result: RenderResult, paths: RenderPaths, relative: (uri: string) => string): RenderedText {
  const head = `# ${title}\n# Rendered by kustomize ${result.error ? '(failed)' : `(${result.objects.length} objects)`}, read-only; it follows your edits.\n`;
  if (result.error) return { text: `${head}# Error: ${result.error.message.split('\n').join('\n#   ')}\n`, objects: 0, error: result.error.message };
  const docs = result.objects.map((o) => {
    const from = o.origin ? paths.toUri(o.origin.path) : undefined;
    const source = from ? relative(from) : o.origin?.path;
    const generated = o.origin?.configuredIn ? ` (generated, configured in ${o.origin.configuredIn})` : '';
    return `${source ? `# Source: ${source}${generated}\n` : ''}${stringify(shownObject(o), { lineWidth: 0 })}`;
  });
  return { text: `${head}${docs.map((d) => `---\n${d}`).join('')}`, objects: result.objects.length };
}
