// Hashes of open documents' texts, computed by the wire worker (wireWorker.ts) while it had the message: the
// main thread does not scan a multi-megabyte text again to tell whether the index already holds it (about 30 ms
// for 9 MB that the first request on the document would wait for).

/** The whole text a didOpen or a full-text didChange carries, with its document and version. */
export function documentText(message: unknown): { uri: string; version: number; text: string } | undefined {
  const m = message as { method?: string; params?: { textDocument?: { uri?: unknown; version?: unknown; text?: unknown }; contentChanges?: { range?: unknown; text?: unknown }[] } };
  const doc = m?.params?.textDocument;
  if (typeof doc?.uri !== 'string' || typeof doc.version !== 'number') return undefined;
  if (m.method === 'textDocument/didOpen' && typeof doc.text === 'string') return { uri: doc.uri, version: doc.version, text: doc.text };
  const changes = m.params?.contentChanges;
  const last = changes?.[changes.length - 1];
  // Changes apply in order: a full text last is the document's text, whatever came before it.
  if (m.method === 'textDocument/didChange' && last && last.range === undefined && typeof last.text === 'string') return { uri: doc.uri, version: doc.version, text: last.text };
  return undefined;
}

/** Hashes kept at most (each is taken by the open or change that follows its message at once). */
const MAX_KEPT = 64;
const kept = new Map<string, number>();

export function rememberTextHash(message: unknown, hash: number): void {
  const d = documentText(message);
  if (!d) return;
  kept.set(`${d.version}\0${d.uri}`, hash);
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
}

/** The hash of this version's text, if the wire worker computed it (taken once). */
export function takeTextHash(uri: string, version: number): number | undefined {
  const key = `${version}\0${uri}`;
  const hash = kept.get(key);
  kept.delete(key);
  return hash;
}
