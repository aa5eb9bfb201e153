// A minimal Kubernetes REST client for the bring-up script: admin client certificate, server-side apply,
// and GETs with a timeout. The tests use @kubernetes/client-node instead.
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Resource paths of the kinds the testbed applies; kinds are data, looked up by apiVersion/kind.
const RESOURCES = {
  'v1/Namespace': { plural: 'namespaces', namespaced: false },
  'v1/Node': { plural: 'nodes', namespaced: false },
  'v1/ConfigMap': { plural: 'configmaps', namespaced: true },
  'v1/ServiceAccount': { plural: 'serviceaccounts', namespaced: true },
  'v1/Pod': { plural: 'pods', namespaced: true },
  'v1/Service': { plural: 'services', namespaced: true },
  'v1/Endpoints': { plural: 'endpoints', namespaced: true },
  'rbac.authorization.k8s.io/v1/Role': { plural: 'roles', namespaced: true },
  'rbac.authorization.k8s.io/v1/RoleBinding': { plural: 'rolebindings', namespaced: true },
  'apps/v1/Deployment': { plural: 'deployments', namespaced: true },
  'rbac.authorization.k8s.io/v1/ClusterRole': { plural: 'clusterroles', namespaced: false },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { plural: 'clusterrolebindings', namespaced: false },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': { plural: 'customresourcedefinitions', namespaced: false },
  'kwok.x-k8s.io/v1alpha1/Logs': { plural: 'logs', namespaced: true },
  'source.toolkit.fluxcd.io/v1/GitRepository': { plural: 'gitrepositories', namespaced: true },
  'source.toolkit.fluxcd.io/v1/HelmRepository': { plural: 'helmrepositories', namespaced: true },
  'source.toolkit.fluxcd.io/v1/OCIRepository': { plural: 'ocirepositories', namespaced: true },
  'kustomize.toolkit.fluxcd.io/v1/Kustomization': { plural: 'kustomizations', namespaced: true },
  'helm.toolkit.fluxcd.io/v2/HelmRelease': { plural: 'helmreleases', namespaced: true },
  'external-secrets.io/v1/SecretStore': { plural: 'secretstores', namespaced: true },
  'external-secrets.io/v1/ExternalSecret': { plural: 'externalsecrets', namespaced: true },
  'notification.toolkit.fluxcd.io/v1beta3/Provider': { plural: 'providers', namespaced: true },
  'notification.toolkit.fluxcd.io/v1beta3/Alert': { plural: 'alerts', namespaced: true },
};

export function resourcePath(apiVersion, kind, namespace, name) {
  const res = RESOURCES[`${apiVersion}/${kind}`];
  if (!res) throw new Error(`testbed kube client: unknown kind ${apiVersion}/${kind}`);
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const ns = res.namespaced ? `/namespaces/${namespace ?? 'default'}` : '';
  return `${base}${ns}/${res.plural}${name ? `/${name}` : ''}`;
}

export class KubeClient {
  constructor(server, pkiDir) {
    this.server = new URL(server);
    this.tls = {
      ca: readFileSync(join(pkiDir, 'ca.crt')),
      cert: readFileSync(join(pkiDir, 'admin.crt')),
      key: readFileSync(join(pkiDir, 'admin.key')),
    };
  }

  // Resolves with { status, body } for any HTTP status; rejects only on transport errors or timeout.
  call(method, path, { body, contentType = 'application/json', timeoutMs = 15_000 } = {}) {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.server.hostname,
          port: this.server.port,
          method,
          path,
          headers: { 'content-type': contentType, accept: 'application/json' },
          timeout: timeoutMs,
          ...this.tls,
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs}ms`)));
      req.on('error', reject);
      if (body !== undefined) req.write(typeof body === 'string' ? body : JSON.stringify(body));
      req.end();
    });
  }

  async getJson(path) {
    const res = await this.call('GET', path);
    if (res.status === 404) return null;
    if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}: ${res.body.slice(0, 500)}`);
    return JSON.parse(res.body);
  }

  // Server-side apply with a fixed field manager; force takes over fields from earlier managers.
  async apply(obj) {
    const { apiVersion, kind, metadata } = obj;
    const path = `${resourcePath(apiVersion, kind, metadata.namespace, metadata.name)}?fieldManager=testbed&force=true`;
    const res = await this.call('PATCH', path, { body: obj, contentType: 'application/apply-patch+yaml' });
    if (res.status >= 300) {
      throw new Error(`apply ${kind} ${metadata.namespace ?? ''}/${metadata.name}: HTTP ${res.status}: ${res.body.slice(0, 500)}`);
    }
    return JSON.parse(res.body);
  }

  async applyStatus(obj) {
    const { apiVersion, kind, metadata } = obj;
    const path = `${resourcePath(apiVersion, kind, metadata.namespace, metadata.name)}/status?fieldManager=testbed&force=true`;
    const res = await this.call('PATCH', path, { body: obj, contentType: 'application/apply-patch+yaml' });
    if (res.status >= 300) throw new Error(`apply status ${kind}/${metadata.name}: HTTP ${res.status}: ${res.body.slice(0, 500)}`);
  }
}
