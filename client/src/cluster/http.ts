// The HTTP transport of one kube context. client-node supplies the credentials (client certificates, tokens,
// exec plugins, OIDC) and TLS settings; the requests themselves go through node:http(s) here so that every
// request has a bounded time to answer and streams (watches, logs) can be read line by line and aborted.
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiError, networkError, statusError, timeoutError, type RequestPurpose } from './errors';

export type Query = Record<string, string | number | boolean | undefined>;

export interface ApiRequest {
  readonly method?: 'GET' | 'PATCH' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly query?: Query;
  readonly body?: unknown;
  readonly contentType?: string;
  /** The Accept header; JSON by default (e.g. a metadata-only list asks for PartialObjectMetadataList). */
  readonly accept?: string;
  /** Time allowed for the answer to start and between two chunks of it; defaults to the transport's. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly purpose?: RequestPurpose;
}

export interface StreamRequest extends ApiRequest {
  /** Abort the stream when no byte arrived for this long (a half-open connection); 0 waits forever. */
  readonly idleMs?: number;
  readonly onLine: (line: string) => void;
}

/** A running stream; `done` settles when it ends: undefined for a clean end, the error otherwise. */
export interface StreamHandle {
  readonly done: Promise<ApiError | undefined>;
  abort(): void;
}

export interface DownloadRequest extends ApiRequest {
  readonly maxBytes: number;
  /** Time allowed from the request to the last byte. */
  readonly totalMs: number;
}

/** A transport that can also read binary answers (KubeTransport does). */
export interface Downloader {
  readonly context: string;
  request<T>(req: ApiRequest): Promise<T>;
  download(req: DownloadRequest): Promise<Buffer>;
}

export interface Transport {
  readonly context: string;
  readonly server: string;
  request<T>(req: ApiRequest): Promise<T>;
  stream(req: StreamRequest): Promise<StreamHandle>;
}

interface Prepared {
  readonly url: URL;
  readonly options: https.RequestOptions;
  readonly mod: typeof http | typeof https;
}

export function buildUrl(server: string, path: string, query?: Query): URL {
  const url = new URL(server.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

/** Rejects after `ms` unless the promise settles first; used around exec plugins, which may hang. */
function within<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

export class KubeTransport implements Transport {
  readonly server: string;
  private agent?: { key: string; agent: http.Agent };

  constructor(
    readonly context: string,
    private readonly kc: KubeConfig,
    private readonly defaultTimeoutMs: number,
  ) {
    this.server = kc.getCurrentCluster()?.server ?? '';
  }

  /** Credentials are applied per request because exec plugins and OIDC tokens expire and refresh. */
  private async prepare(req: ApiRequest): Promise<Prepared> {
    if (!this.server) throw new ApiError(`Context ${this.context} has no cluster server.`, 'invalid', undefined, this.context);
    const url = buildUrl(this.server, req.path, req.query);
    const opts: https.RequestOptions = { headers: {} };
    const timeout = req.timeoutMs ?? this.defaultTimeoutMs;
    await within(this.kc.applyToHTTPSOptions(opts), timeout, () => timeoutError(this.context, timeout, req.purpose)).catch((err: unknown) => {
      if (err instanceof ApiError) throw err;
      throw new ApiError(`Context ${this.context}: credentials failed: ${(err as Error).message}`, 'unauthorized', undefined, this.context, req.purpose);
    });
    const headers: http.OutgoingHttpHeaders = { ...(opts.headers as http.OutgoingHttpHeaders), Accept: req.accept ?? 'application/json' };
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    const mod = url.protocol === 'http:' ? http : https;
    const agent = this.reuseAgent(opts, mod);
    return { url, mod, options: { method: req.method ?? 'GET', headers, agent } };
  }

  /**
   * client-node builds a fresh agent per call, which would cost a TLS handshake per request. Without a proxy
   * the agent is rebuilt here with keep-alive and kept while the credentials stay the same.
   */
  private reuseAgent(opts: https.RequestOptions, mod: typeof http | typeof https): http.Agent | undefined {
    if (this.kc.getCurrentCluster()?.proxyUrl) return opts.agent as http.Agent | undefined;
    const key = [opts.ca, opts.cert, opts.key, opts.rejectUnauthorized, opts.servername].map((v) => String(v ?? '')).join('|');
    if (this.agent?.key === key) return this.agent.agent;
    this.agent?.agent.destroy();
    const agentOpts = { keepAlive: true, ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername };
    const agent = mod === http ? new http.Agent({ keepAlive: true }) : new https.Agent(agentOpts);
    this.agent = { key, agent };
    return agent;
  }

  async request<T>(req: ApiRequest): Promise<T> {
    const prepared = await this.prepare(req);
    const text = await this.send(prepared, req);
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(`Context ${this.context}: the answer to ${req.path} is not JSON.`, 'server', 200, this.context, req.purpose);
    }
  }

  private send(prepared: Prepared, req: ApiRequest): Promise<string> {
    const timeout = req.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise<string>((resolve, reject) => {
      const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      const headers = { ...prepared.options.headers } as http.OutgoingHttpHeaders;
      if (body !== undefined) {
        headers['Content-Type'] = req.contentType ?? 'application/json';
        headers['Content-Length'] = Buffer.byteLength(body);
      }
      let settled = false;
      const fail = (err: ApiError) => {
        if (settled) return;
        settled = true;
        request.destroy();
        reject(err);
      };
      const request = prepared.mod.request(prepared.url, { ...prepared.options, headers, timeout, signal: req.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => fail(networkError(this.context, err, req.purpose)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(text);
          else reject(statusError(this.context, status, text, req.purpose));
        });
      });
      // The socket timeout fires when nothing moved for `timeout` ms: connect, headers or body.
      request.on('timeout', () => fail(timeoutError(this.context, timeout, req.purpose)));
      request.on('error', (err) => fail(req.signal?.aborted ? new ApiError('Aborted.', 'timeout', undefined, this.context, req.purpose) : networkError(this.context, err, req.purpose)));
      request.end(body);
    });
  }

  /**
   * Reads a binary answer (an artifact through the service proxy), bounded: more than `maxBytes` or longer
   * than `totalMs` from start to end fails, whatever the server sends.
   */
  async download(req: DownloadRequest): Promise<Buffer> {
    const prepared = await this.prepare(req);
    const headers = { ...prepared.options.headers, Accept: '*/*' } as http.OutgoingHttpHeaders;
    return new Promise<Buffer>((resolve, reject) => {
      let settled = false;
      const settle = (err: ApiError | undefined, data?: Buffer) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (err) {
          request.destroy();
          reject(err);
        } else resolve(data!);
      };
      const deadline = setTimeout(() => settle(timeoutError(this.context, req.totalMs, req.purpose)), req.totalMs);
      const request = prepared.mod.request(prepared.url, { ...prepared.options, headers, timeout: req.timeoutMs ?? this.defaultTimeoutMs, signal: req.signal }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const status = res.statusCode ?? 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > req.maxBytes && status < 300) return settle(new ApiError(`Context ${this.context}: ${req.path} is larger than ${req.maxBytes} bytes; not downloaded.`, 'invalid', status, this.context, req.purpose));
          if (size <= req.maxBytes) chunks.push(c);
        });
        res.on('error', (err) => settle(networkError(this.context, err, req.purpose)));
        res.on('end', () => {
          const data = Buffer.concat(chunks);
          if (status >= 200 && status < 300) settle(undefined, data);
          else settle(statusError(this.context, status, data.toString('utf8').slice(0, 4096), req.purpose));
        });
      });
      request.on('timeout', () => settle(timeoutError(this.context, req.timeoutMs ?? this.defaultTimeoutMs, req.purpose)));
      request.on('error', (err) => settle(networkError(this.context, err, req.purpose)));
      request.end();
    });
  }

  /** Opens a line stream (watch or log). Resolves once the answer started, so a refusal rejects here. */
  async stream(req: StreamRequest): Promise<StreamHandle> {
    const prepared = await this.prepare(req);
    const timeout = req.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise<StreamHandle>((resolve, reject) => {
      let finish: (err: ApiError | undefined) => void = () => undefined;
      const done = new Promise<ApiError | undefined>((r) => (finish = r));
      let started = false;
      let ended = false;
      const end = (err: ApiError | undefined) => {
        if (ended) return;
        ended = true;
        request.destroy();
        if (started) finish(err);
        else reject(err ?? new ApiError('Stream closed before it started.', 'unreachable', undefined, this.context, req.purpose));
      };
      const request = prepared.mod.request(prepared.url, { ...prepared.options, timeout }, (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => end(statusError(this.context, status, Buffer.concat(chunks).toString('utf8'), req.purpose)));
          return;
        }
        started = true;
        // From now on the idle limit applies instead of the answer timeout.
        request.setTimeout(req.idleMs ?? 0);
        res.socket?.setKeepAlive(true, 15_000);
        let rest = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const parts = (rest + chunk).split('\n');
          rest = parts.pop() ?? '';
          for (const line of parts) if (line.length > 0 && !ended) req.onLine(line);
        });
        res.on('end', () => {
          if (rest.length > 0 && !ended) req.onLine(rest);
          end(undefined);
        });
        res.on('error', (err) => end(networkError(this.context, err, req.purpose)));
        // A server that goes away mid-stream closes the answer without completing it.
        res.on('close', () => end(res.complete ? undefined : networkError(this.context, new Error('connection closed'), req.purpose)));
        resolve({ done, abort: () => end(undefined) });
      });
      request.on('timeout', () => end(timeoutError(this.context, started ? req.idleMs ?? 0 : timeout, req.purpose)));
      request.on('error', (err) => end(networkError(this.context, err, req.purpose)));
      req.signal?.addEventListener('abort', () => end(undefined), { once: true });
      request.end();
    });
  }

  dispose(): void {
    this.agent?.agent.destroy();
    this.agent = undefined;
  }
}
