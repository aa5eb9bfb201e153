// Rendered objects as people may see them: a Secret's values (from a secretGenerator's literals or a Secret
// manifest in the repository) are never shown, only its keys.
import type { RenderedObject } from './types';

export const REDACTED = '<redacted>';

export function shownObject(o: RenderedObject): Record<string, unknown> {
  if (o.kind !== 'Secret' || o.apiVersion !== 'v1') return o.object;
  const out: Record<string, unknown> = { ...o.object };
  for (const field of ['data', 'stringData']) {
    const values = out[field];
    if (values && typeof values === 'object') out[field] = Object.fromEntries(Object.keys(values).map((k) => [k, REDACTED]));
  }
  return out;
}
