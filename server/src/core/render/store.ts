// What the render engine said about each Flux Kustomization of the workspace: its rendered objects (by the
// file each came from) or the error kustomize-controller would report. Read by the cross-file checks.
import type { RenderedFinding } from './renderedSchema';
import type { RenderedObject, RenderResult } from './types';

export interface BuildRender {
  /** The Flux Kustomization (file and document) this render is for. */
  readonly ksUri: string;
  readonly ksDoc: number;
  /** What the render was computed from; an equal key means the render is current. */
  readonly inputKey: string;
  readonly result: RenderResult;
  /** Rendered objects by the URI of the file each came from. */
  readonly byUri: ReadonlyMap<string, readonly RenderedObject[]>;
  /** The files the build took in when it was rendered (for re-publishing). */
  readonly files: readonly string[];
  /** Schema problems of the rendered objects (render/renderedSchema.ts), once they are checked. */
  readonly schemaFindings?: readonly RenderedFinding[];
}

export function buildKey(uri: string, docIndex: number): string {
  return `${uri}#${docIndex}`;
}

/** Renders by key (`uri#doc`) with a version bumped on every change, so derived data can be cached per version. */
export class VersionedStore<T> {
  private readonly renders = new Map<string, T>();
  private generation = 0;

  get version(): number {
    return this.generation;
  }

  get size(): number {
    return this.renders.size;
  }

  get(key: string): T | undefined {
    return this.renders.get(key);
  }

  set(key: string, render: T): void {
    this.renders.set(key, render);
    this.generation++;
  }

  keys(): IterableIterator<string> {
    return this.renders.keys();
  }

  values(): IterableIterator<T> {
    return this.renders.values();
  }

  delete(key: string): void {
    if (this.renders.delete(key)) this.generation++;
  }

  clear(): void {
    this.renders.clear();
    this.generation++;
  }
}

/** The renders of the workspace's Flux Kustomizations. */
export class RenderStore extends VersionedStore<BuildRender> {}
