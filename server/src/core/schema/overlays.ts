// Known, documented widenings of upstream schemas. The Flux Operator patches the notification CRDs so that
// Alerts and Receivers may name its own kinds (FluxInstance, ResourceSet, ...); repositories installed by the
// operator use them, so the plain upstream enum would report a false error there.
import type { KindSchema, SchemaNode } from './types';

const OPERATOR_KINDS = ['FluxInstance', 'FluxReport', 'ResourceSet', 'ResourceSetInputProvider'];

function widenKindEnum(node: SchemaNode | undefined): void {
  const kind = node?.items?.properties?.kind;
  if (kind?.enum) kind.enum = [...new Set([...kind.enum, ...OPERATOR_KINDS])];
}

export function applyOverlays(kinds: KindSchema[]): void {
  for (const k of kinds) {
    if (k.group !== 'notification.toolkit.fluxcd.io') continue;
    const spec = k.schema.properties?.spec?.properties;
    if (k.kind === 'Alert') widenKindEnum(spec?.eventSources);
    if (k.kind === 'Receiver') widenKindEnum(spec?.resources);
  }
}
