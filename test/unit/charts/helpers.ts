// Real charts for the tests: a Chart.yaml, a values.yaml with comments, a values.schema.json, packed as a real
// .tgz (a small ustar writer here, gzip from node:zlib), and a real HTTP server on 127.0.0.1 to serve them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { HELM_LAYER } from '../../../server/src/node/charts/oci';

/** A ustar archive of the given files (paths below 100 characters, or a pax header for longer ones). */
export function tar(files: Record<string, string | Buffer>): Buffer {
  const blocks: Buffer[] = [];
  for (const [path, content] of Object.entries(files)) {
    const body = typeof content === 'string' ? Buffer.from(content) : content;
    if (path.length >= 100) {
      const record = paxRecord('path', path);
      blocks.push(header('PaxHeader', record.length, 'x'), pad(record));
    }
    blocks.push(header(path.slice(0, 99), body.length, '0'), pad(body));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function paxRecord(key: string, value: string): Buffer {
  const text = ` ${key}=${value}\n`;
  let length = text.length + 1;
  while (String(length).length + text.length !== length) length = String(length).length + text.length;
  return Buffer.from(`${length}${text}`);
}

function header(name: string, size: number, type: string): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`, 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

function pad(body: Buffer): Buffer {
  const rest = body.length % 512;
  return rest ? Buffer.concat([body, Buffer.alloc(512 - rest)]) : body;
}

export const VALUES_YAML = `# Default values for podinfo.
# This is a YAML-formatted file.

# -- Number of pods to run
replicaCount: 1
image:
  # -- The image repository
  repository: ghcr.io/stefanprodan/podinfo
  # -- The image tag
  tag: 6.5.0
  # Pull policy of the image
  pullPolicy: IfNotPresent
service:
  # -- Whether to create a Service
  enabled: true
  # -- The Service's port
  port: 9898
podAnnotations: {}
ui:
  color: "#34577c"
  message: ""
`;

export const VALUES_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['image'],
  properties: {
    replicaCount: { type: 'integer', minimum: 0 },
    image: {
      type: 'object',
      additionalProperties: false,
      required: ['repository'],
      properties: {
        repository: { type: 'string' },
        tag: { type: 'string' },
        pullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] },
      },
    },
    service: { $ref: '#/definitions/service' },
  },
  definitions: {
    service: { type: 'object', properties: { enabled: { type: 'boolean' }, port: { type: 'integer', maximum: 65535 } } },
  },
});

export function chartYaml(name: string, version: string): string {
  return `apiVersion: v2\nname: ${name}\nversion: ${version}\ndescription: A chart for tests\n`;
}

/** A chart archive as helm packages it: every file under a folder named for the chart. */
export function chartTgz(name: string, version: string, options: { schema?: boolean; values?: string } = {}): Buffer {
  const files: Record<string, string> = {
    [`${name}/Chart.yaml`]: chartYaml(name, version),
    [`${name}/values.yaml`]: options.values ?? VALUES_YAML,
    [`${name}/templates/deployment.yaml`]: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
  };
  if (options.schema !== false) files[`${name}/values.schema.json`] = VALUES_SCHEMA;
  return gzipSync(tar(files));
}

export type Handler = (req: IncomingMessage, res: ServerResponse, base: string) => void;

/** A real HTTP server on 127.0.0.1, with the requests it saw. */
export async function serve(handler: Handler): Promise<{ base: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res, base);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A Helm repository: index.yaml listing the given archives (JSON is YAML), and the archives under /charts/. */
export function helmRepository(charts: { name: string; version: string; tgz: Buffer; digest?: string }[]): Handler {
  return (req, res) => {
    if (req.url === '/index.yaml') {
      const entries: Record<string, unknown[]> = {};
      for (const c of charts) (entries[c.name] ??= []).push({ name: c.name, version: c.version, urls: [`charts/${c.name}-${c.version}.tgz`], ...(c.digest ? { digest: c.digest } : {}) });
      res.end(JSON.stringify({ apiVersion: 'v1', entries }));
      return;
    }
    const chart = charts.find((c) => req.url === `/charts/${c.name}-${c.version}.tgz`);
    if (!chart) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('content-type', 'application/gzip');
    res.end(chart.tgz);
  };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A registry that answers only with a token from its token endpoint, as public registries do. */
export function ociRegistry(repo: string, tags: Record<string, Buffer>): Handler {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, Buffer>();
  for (const [tag, tgz] of Object.entries(tags)) {
    const layer = `sha256:${sha(tgz)}`;
    blobs.set(layer, tgz);
    manifests.set(tag, Buffer.from(JSON.stringify({ schemaVersion: 2, config: {}, layers: [{ mediaType: HELM_LAYER, digest: layer, size: tgz.length }] })));
  }
  return (req, res, base) => {
    const url = new URL(req.url!, base);
    if (url.pathname === '/token') {
      assert.equal(url.searchParams.get('scope'), `repository:${repo}:pull`);
      res.end(JSON.stringify({ token: 'anon' }));
      return;
    }
    if (req.headers.authorization !== 'Bearer anon') {
      res.statusCode = 401;
      res.setHeader('www-authenticate', `Bearer realm="${base}/token",service="test",scope="repository:${repo}:pull"`);
      res.end();
      return;
    }
    const prefix = `/v2/${repo}/`;
    const rest = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
    if (rest === 'tags/list') return void res.end(JSON.stringify({ name: repo, tags: Object.keys(tags) }));
    const manifest = rest.startsWith('manifests/') ? manifests.get(rest.slice('manifests/'.length)) : undefined;
    if (manifest) return void res.end(manifest);
    const blob = rest.startsWith('blobs/') ? blobs.get(rest.slice('blobs/'.length)) : undefined;
    if (blob) return void res.end(blob);
    res.statusCode = 404;
    res.end();
  };
}

