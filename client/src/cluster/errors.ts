// Errors of cluster requests, classified so the tree and the commands can say what went wrong in words:
// which verb on which resource a 403 is missing, that a cluster is unreachable, that Flux is not installed.

export type ApiErrorKind = 'forbidden' | 'unauthorized' | 'notFound' | 'gone' | 'conflict' | 'timeout' | 'unreachable' | 'invalid' | 'server';

/** What a request was for, in RBAC terms; makes a 403 message name the missing permission. */
export interface RequestPurpose {
  readonly verb: string;
  /** `plural.group`, or `plural` for the core group, optionally `/subresource`. */
  readonly resource: string;
  readonly namespace?: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly kind: ApiErrorKind,
    readonly status: number | undefined,
    readonly context: string,
    readonly purpose?: RequestPurpose,
    readonly serverMessage?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function kindOfStatus(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 409) return 'conflict';
  if (status === 410) return 'gone';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 400 || status === 422) return 'invalid';
  return 'server';
}

function where(p: RequestPurpose): string {
  return p.namespace ? `in namespace ${p.namespace}` : 'cluster-wide';
}

/** Builds the error of a non-2xx response from its Kubernetes Status body (if any). */
export function statusError(context: string, status: number, body: string, purpose?: RequestPurpose): ApiError {
  let serverMessage: string | undefined;
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') serverMessage = parsed.message;
  } catch {
    serverMessage = body.trim().slice(0, 300) || undefined;
  }
  const kind = kindOfStatus(status);
  const message =
    kind === 'forbidden' && purpose
      ? `Permission missing in context ${context}: the user may not ${purpose.verb} ${purpose.resource} ${where(purpose)}.` +
        (serverMessage ? ` (${serverMessage})` : '')
      : kind === 'unauthorized'
        ? `Context ${context}: the credentials were rejected (401 Unauthorized).${serverMessage ? ` ${serverMessage}` : ''}`
        : `Context ${context}: HTTP ${status}${purpose ? ` on ${purpose.verb} ${purpose.resource}` : ''}: ${serverMessage ?? 'no message'}`;
  return new ApiError(message, kind, status, context, purpose, serverMessage);
}

export function timeoutError(context: string, millis: number, purpose?: RequestPurpose): ApiError {
  const what = purpose ? ` (${purpose.verb} ${purpose.resource})` : '';
  return new ApiError(`Context ${context}: no answer within ${Math.round(millis / 100) / 10} s${what}; the cluster is unreachable or overloaded.`, 'timeout', undefined, context, purpose);
}

export function networkError(context: string, err: Error, purpose?: RequestPurpose): ApiError {
  const code = (err as NodeJS.ErrnoException).code;
  const reason = code ? `${code}: ${err.message}` : err.message;
  return new ApiError(`Context ${context}: cannot reach the cluster (${reason}).`, 'unreachable', undefined, context, purpose);
}

export function isApiError(err: unknown, kind?: ApiErrorKind): err is ApiError {
  return err instanceof ApiError && (kind === undefined || err.kind === kind);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
