// The server's renders at a Git ref, for "Diff Rendered Output against…": one ref's workspace is kept (indexed and
// rendered by its own engine) while it is asked about, and dropped after a quiet period or for another ref.
import type { Logger } from '../core/logger';
import type { RenderedText } from '../core/render/output';
import type { LanguageService } from '../core/service';
import { defaultRef } from './gitRef';
import { renderedAt, type RenderedWorkspace } from './renderDiff';

const KEEP_MS = 5 * 60_000;

export class RefRenders {
  private current?: { key: string; workspace: Promise<RenderedWorkspace> };
  private timer?: NodeJS.Timeout;

  constructor(private readonly now: LanguageService, private readonly logger: Logger) {}

  /** The rendered output of what `uri`/`line` shows now, as it is at `ref` (one workspace folder: `folder`). */
  async output(folder: string, root: string, ref: string, uri: string, line: number | undefined): Promise<RenderedText> {
    const current = await this.now.renderedOutput(uri, line);
    const at = ref || (await defaultRef(folder));
    const workspace = await this.workspaceAt(folder, root, at);
    const text = await workspace.service.renderedOutput(uri, current.name === undefined ? line : undefined, current.name);
    return { ...text, text: `# At ${at} (${workspace.commit.slice(0, 12)})\n${text.text}` };
  }

  private workspaceAt(folder: string, root: string, ref: string): Promise<RenderedWorkspace> {
    const key = `${folder}\0${ref}`;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.dispose(), KEEP_MS);
    this.timer.unref();
    if (this.current?.key === key) return this.current.workspace;
    this.dispose();
    const s = this.now.settings();
    const workspace = renderedAt(folder, root, ref, this.now.registry, s, this.logger);
    workspace.catch(() => undefined);
    this.current = { key, workspace };
    return workspace;
  }

  dispose(): void {
    const old = this.current;
    this.current = undefined;
    void old?.workspace.then((w) => w.dispose(), () => undefined);
  }
}
