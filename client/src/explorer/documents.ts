// Read-only virtual documents: the live object as YAML and the events of an object. Their URIs carry the
// object reference, so reopening one fetches it fresh.
import * as vscode from 'vscode';
import { kindOfRef, type ObjectRef } from '../cluster/types';

export const LIVE_SCHEME = 'flux-gitops-live';
export const EVENTS_SCHEME = 'flux-gitops-events';

export function refUri(scheme: string, ref: ObjectRef, suffix: string): vscode.Uri {
  const kind = kindOfRef(ref);
  const label = `${ref.context}/${kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}${suffix}`;
  // A timestamp in the query makes each open a fresh fetch instead of a cached document.
  return vscode.Uri.from({ scheme, path: `/${label}`, query: JSON.stringify({ ...ref, at: Date.now() }) });
}

export function refOfUri(uri: vscode.Uri): ObjectRef {
  const parsed = JSON.parse(uri.query) as ObjectRef;
  return { context: parsed.context, kindKey: parsed.kindKey, namespace: parsed.namespace, name: parsed.name };
}

/** A content provider whose text comes from an async function of the object reference. */
export class RefDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly render: (ref: ObjectRef) => Promise<string>) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    try {
      return await this.render(refOfUri(uri));
    } catch (err) {
      return `# Could not load: ${(err as Error).message}\n`;
    }
  }
}
