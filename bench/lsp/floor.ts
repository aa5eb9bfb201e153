// Measures the noise floor of completion latency (see floorServer.cjs) with the same client and request count.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../server/src/shared/launch';
import { summarize, type Summary } from './stats';

export async function measureFloor(requests: number): Promise<Summary> {
  const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, path.join(__dirname, 'floorServer.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...SERVER_ENV } });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      const t0 = performance.now();
      await connection.sendRequest('textDocument/completion', { textDocument: { uri: 'file:///floor.yaml' }, position: { line: 1, character: 2 } });
      times.push(performance.now() - t0);
    }
    return summarize(times);
  } finally {
    connection.dispose();
    child.kill();
  }
}
