#!/usr/bin/env node
// Loopback fixture server of the testbed:
//   /git/<repo>.git/...  Git smart HTTP (clone, fetch and push) through Debian's `git http-backend` CGI.
//   /charts/<file>       static files of the Helm repository (index.yaml and chart archives).
//   /healthz             readiness probe for testbed:up.
// Usage: node fixture-server.mjs <host> <port> <gitRoot> <chartsDir>
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, join } from 'node:path';

const [host, portText, gitRoot, chartsDir] = process.argv.slice(2);
const port = Number(portText);
const HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';

// Splits the CGI output into its header block and body, then relays both to the HTTP response.
function relayCgi(child, res) {
  let buffered = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk) => {
    if (headersDone) return void res.write(chunk);
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf('\r\n\r\n');
    const endLf = buffered.indexOf('\n\n');
    const cut = end >= 0 ? { at: end, len: 4 } : endLf >= 0 ? { at: endLf, len: 2 } : null;
    if (!cut) return;
    headersDone = true;
    let status = 200;
    for (const line of buffered.subarray(0, cut.at).toString('latin1').split(/\r?\n/)) {
      const idx = line.indexOf(':');
      if (idx < 0) continue;
      const key = line.slice(0, idx).trim();
      const value = line.slice(idx + 1).trim();
      if (key.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
      else res.setHeader(key, value);
    }
    res.writeHead(status);
    res.write(buffered.subarray(cut.at + cut.len));
  });
  child.stdout.on('end', () => {
    if (!headersDone) res.writeHead(502);
    res.end();
  });
}

function serveGit(req, res, url) {
  const pathInfo = decodeURIComponent(url.pathname.slice('/git'.length));
  if (pathInfo.includes('..')) return void res.writeHead(400).end('bad path\n');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_PROJECT_ROOT: gitRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: pathInfo,
    QUERY_STRING: url.search.slice(1),
    REQUEST_METHOD: req.method ?? 'GET',
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    // Pushing over HTTP needs an authenticated user name; the loopback server trusts every client.
    REMOTE_USER: 'testbed',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
  };
  if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
  if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  if (req.headers['git-protocol']) env.GIT_PROTOCOL = req.headers['git-protocol'];
  const child = spawn(HTTP_BACKEND, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.on('data', (d) => process.stderr.write(`[git-http-backend] ${d}`));
  child.on('error', (err) => {
    if (!res.headersSent) res.writeHead(500);
    res.end(`git http-backend failed: ${err.message}\n`);
  });
  req.pipe(child.stdin);
  relayCgi(child, res);
}

function serveChart(res, url) {
  const name = basename(decodeURIComponent(url.pathname));
  const file = join(chartsDir, name);
  if (!existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end('not found\n');
  const type = name.endsWith('.yaml') ? 'application/x-yaml' : 'application/gzip';
  res.writeHead(200, { 'content-type': type, 'content-length': statSync(file).size });
  createReadStream(file).pipe(res);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://${host}:${port}`);
  console.log(`${new Date().toISOString()} ${req.method} ${url.pathname}${url.search}`);
  if (url.pathname === '/healthz') return void res.writeHead(200).end('ok\n');
  if (url.pathname.startsWith('/git/')) return serveGit(req, res, url);
  if (url.pathname.startsWith('/charts/')) return serveChart(res, url);
  res.writeHead(404).end('not found\n');
});

server.listen(port, host, () => console.log(`fixture server listening on http://${host}:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
