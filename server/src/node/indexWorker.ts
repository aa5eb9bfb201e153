// A worker thread that reads, parses and extracts index entries for a slice of the workspace, so that
// indexing uses every core. It answers one message: { uris, maxBytes } -> { results } or { error }.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { textHash } from '../core/text';
import { entryOf } from '../core/workspace/index';
import { parseFile } from '../core/yaml/parse';
import { toPath } from './diskHost';

parentPort?.on('message', (msg: { uris: string[]; maxBytes: number }) => {
  try {
    const results = [];
    for (const uri of msg.uris) {
      let text: string;
      try {
        text = readFileSync(toPath(uri), 'utf8');
      } catch {
        continue;
      }
      results.push({ uri, entry: entryOf(parseFile(uri, 0, text, { maxBytes: msg.maxBytes })), hash: textHash(text) });
    }
    parentPort!.postMessage({ results });
  } catch (err) {
    parentPort!.postMessage({ error: (err as Error).stack ?? String(err) });
  }
});
