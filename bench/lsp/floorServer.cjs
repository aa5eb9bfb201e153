// The noise floor of the completion measure: an LSP server over stdio that answers every completion with the
// same constant list (19 documented items, about the size of ours), started like ours. Whatever latency it
// shows is the machine's, the pipe's and the JSON-RPC library's, not a language server's work.
const { createConnection, ProposedFeatures } = require('vscode-languageserver/node');

const connection = createConnection(ProposedFeatures.all);
const items = Array.from({ length: 19 }, (_, i) => ({
  label: `key${i}`,
  kind: 10,
  detail: 'string',
  documentation: { kind: 'markdown', value: 'A documented field. '.repeat(18) },
  textEdit: { range: { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } }, newText: `key${i}: $0` },
}));
connection.onInitialize(() => ({ capabilities: { completionProvider: {} } }));
connection.onCompletion(() => items);
connection.listen();
