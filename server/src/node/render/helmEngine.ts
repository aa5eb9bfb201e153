// The helm engine of a process (the server, the checker): the helm module (tools/render/helm, helm's template
// engine compiled to WebAssembly) in a render process of its own, started only when a release is first
// rendered and stopped after a quiet period, under the same time limit as kustomize renders. It reads the
// chart's bytes here and sends them with the release; the module has no filesystem and no network.
import * as path from 'node:path';
import type { ReleaseChart, ReleaseEngine, ReleaseRequest, ReleaseResult } from '../../core/render/helmTypes';
import type { RenderRequest } from '../../core/render/types';
import { ChartBytesReader } from './helmCharts';
import { Renderer, type RendererOptions } from './renderer';

export interface HelmEngineOptions extends RendererOptions {
  /** The chart cache folder (the extension's global storage, or `--chart-cache`), for remote charts. */
  chartCacheDir?: string;
}

/** What the helm module reads (tools/render/helm/protocol.go). */
interface ModuleRequest {
  files?: { name: string; data: string }[];
  archive?: string;
  values: Record<string, unknown>;
  releaseName: string;
  namespace: string;
  kubeVersion: string;
  skipSchemaValidation?: boolean;
  skipCRDs?: boolean;
}

export class HelmEngine implements ReleaseEngine {
  private readonly renderer: Renderer;
  private readonly charts: ChartBytesReader;

  constructor(options: HelmEngineOptions = {}) {
    const { chartCacheDir, ...rest } = options;
    this.renderer = new Renderer({ moduleDir: path.join(__dirname, 'render', 'helm'), ...rest });
    this.charts = new ChartBytesReader(chartCacheDir);
  }

  async render(request: ReleaseRequest): Promise<ReleaseResult> {
    let chart;
    try {
      chart = await this.charts.read(request.chart);
    } catch (err) {
      return { objects: [], error: { message: `the chart cannot be read: ${(err as Error).message}` }, millis: 0 };
    }
    const { chart: _where, ...release } = request;
    void _where;
    const message: ModuleRequest = {
      ...release,
      ...(chart.archive ? { archive: chart.archive.toString('base64') } : {}),
      ...(chart.files ? { files: chart.files.map((f) => ({ name: f.name, data: f.data.toString('base64') })) } : {}),
    };
    // The Renderer carries any JSON request to its module; this one is the helm module's.
    return (await this.renderer.render(message as unknown as RenderRequest)) as ReleaseResult;
  }

  chartKey(chart: ReleaseChart): Promise<string | undefined> {
    return this.charts.key(chart);
  }

  /** Starts the module ahead of the first render (the bench measures its cold start). */
  warm(): ReturnType<Renderer['warm']> {
    return this.renderer.warm();
  }

  get memoryBytes(): number | undefined {
    return this.renderer.memoryBytes;
  }

  dispose(): void {
    this.renderer.dispose();
  }
}
