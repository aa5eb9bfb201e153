// One bounded HTTP GET for chart fetching: a deadline for the whole exchange, a cap on the body (checked on
// the declared length and while it streams), a few redirects, and errors that read as reasons in a hover.
// No retries here: a failure is reported once and the resolver decides when to ask again.
import * as http from 'node:http';
import * as https from 'node:https';

export interface GetOptions {
  readonly headers?: Record<string, string>;
  /** The body's size at most, in bytes. */
  readonly maxBytes: number;
  /** The whole exchange (redirects included) at most, in milliseconds. */
  readonly timeoutMs: number;
}

export interface GetResult {
  readonly url: string;
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

const MAX_REDIRECTS = 5;

export class FetchError extends Error {}

export async function httpGet(url: string, options: GetOptions): Promise<GetResult> {
  const deadline = Date.now() + options.timeoutMs;
  let current = url;
  let headers = { ...(options.headers ?? {}) };
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const result = await once(current, headers, options.maxBytes, deadline, options.timeoutMs);
    const location = result.headers.location;
    if (result.status < 300 || result.status >= 400 || !location) return result;
    const next = new URL(location, current);
    // Credentials are for the host that asked for them, never for where it redirects.
    if (next.host !== new URL(current).host) headers = withoutAuthorization(headers);
    current = next.toString();
  }
  throw new FetchError(`${url}: more than ${MAX_REDIRECTS} redirects`);
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
}

function once(url: string, headers: Record<string, string>, maxBytes: number, deadline: number, timeoutMs: number): Promise<GetResult> {
  return new Promise((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(new FetchError(`"${url}" is not a URL`));
      return;
    }
    const client = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : undefined;
    if (!client) {
      reject(new FetchError(`${url}: only http and https are fetched`));
      return;
    }
    const fail = (message: string) => {
      req.destroy();
      reject(new FetchError(`${url}: ${message}`));
    };
    const timer = setTimeout(() => fail(`no complete answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`), Math.max(0, deadline - Date.now()));
    const req = client.get(parsed, { headers: { 'user-agent': 'flux-gitops', ...headers } }, (res) => {
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > maxBytes) return fail(`the answer is ${mib(declared)}, more than the ${mib(maxBytes)} allowed`);
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return fail(`the answer is larger than the ${mib(maxBytes)} allowed`);
        chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ url, status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(new FetchError(`${url}: ${err.message}`));
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new FetchError(`${url}: ${describeNetError(err)}`));
    });
  });
}

function describeNetError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED': return 'the connection was refused';
    case 'ENOTFOUND': case 'EAI_AGAIN': return 'the host name does not resolve (offline?)';
    case 'ECONNRESET': return 'the connection was reset';
    default: return err.message;
  }
}

/** A non-2xx answer as a reason. */
export function statusError(result: GetResult, what: string): FetchError {
  const hint = result.status === 401 || result.status === 403 ? ' (the editor reads public charts only: no credentials are used)' : '';
  return new FetchError(`${what}: HTTP ${result.status} at ${result.url}${hint}`);
}

export function mib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
