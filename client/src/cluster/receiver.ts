// A Flux Receiver's webhook: the address notification-controller serves it at (its `status.webhookPath` under
// the receiver's external base URL), and the branch of the GitRepository it wakes. Pure.
import { pathValue, type KObject } from './types';

export type WebhookUrl = { readonly url: string } | { readonly error: string };

export function webhookUrl(receiver: KObject, baseUrl: string): WebhookUrl {
  const path = receiver.status?.['webhookPath'];
  const name = `Receiver ${receiver.metadata.namespace ? `${receiver.metadata.namespace}/` : ''}${receiver.metadata.name}`;
  if (typeof path !== 'string' || !path) return { error: `${name} has no webhook path yet: notification-controller sets it once the Receiver is ready.` };
  const base = baseUrl.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(base)) return { error: `Set fluxGitops.webhookBaseUrl to the address notification-controller's receiver is reached at (e.g. https://flux-webhook.example.com).` };
  return { url: `${base}${path.startsWith('/') ? '' : '/'}${path}` };
}

/** The GitRepositories a Receiver reconciles (`spec.resources` of that kind), by namespace and name. */
export function receiverRepositories(receiver: KObject): { namespace: string; name: string }[] {
  const resources = pathValue(receiver, ['spec', 'resources']);
  if (!Array.isArray(resources)) return [];
  return resources
    .filter((r): r is { kind: string; name: string; namespace?: string } => !!r && typeof r === 'object' && (r as { kind?: unknown }).kind === 'GitRepository' && typeof (r as { name?: unknown }).name === 'string')
    .filter((r) => r.name !== '*')
    .map((r) => ({ namespace: r.namespace ?? receiver.metadata.namespace ?? '', name: r.name }));
}
