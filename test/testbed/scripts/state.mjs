// Where the running testbed keeps its state, and which loopback ports it uses. The TypeScript helper
// (test/testbed/helper.ts) computes the same paths, so keep the two in step.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export function stateDir() {
  if (process.env.TESTBED_STATE_DIR) return process.env.TESTBED_STATE_DIR;
  return join(process.env.XDG_RUNTIME_DIR || '/tmp', 'flux-gitops-testbed');
}

export const HOST = '127.0.0.1';

// Fixed loopback ports, all below Linux's ephemeral range (32768-60999): a port in that range can be taken
// at any moment by an outgoing connection's local end, and a controller then fails to bind.
// testbed:up checks that each is free before it starts anything. TESTBED_PORT_OFFSET
// shifts all of them, so a second testbed (with its own TESTBED_STATE_DIR) can run beside the first.
const BASE_PORTS = {
  etcdClient: 12379,
  etcdPeer: 12380,
  apiserver: 16443,
  controllerManager: 10257,
  kwok: 10247,
  fixtures: 18091,
  sourceMetrics: 18080,
  sourceHealth: 18081,
  sourceStorage: 18082,
  kustomizeMetrics: 18083,
  kustomizeHealth: 18084,
  helmMetrics: 18085,
  helmHealth: 18086,
  notificationMetrics: 18087,
  notificationHealth: 18088,
  notificationReceiver: 18089,
  notificationEvents: 18090,
  esoMetrics: 18093,
  // The OIDC issuer that a cluster test runs on loopback; the API server trusts tokens it signs.
  oidcIssuer: 18094,
  // The OCI registry (distribution), plain HTTP, anonymous.
  registry: 18095,
  // The forwarder to source-controller's storage, on a non-loopback address of this machine (artifact-proxy.mjs).
  artifactForward: 18096,
  // Nothing listens here: the testbed-down context points at it for "unreachable cluster" tests.
  closed: 18099,
};

function portOffset() {
  const offset = Number.parseInt(process.env.TESTBED_PORT_OFFSET ?? '0', 10);
  if (!Number.isInteger(offset) || offset < 0 || offset > 20_000) {
    throw new Error(`TESTBED_PORT_OFFSET must be an integer from 0 to 20000, got ${process.env.TESTBED_PORT_OFFSET}`);
  }
  return offset;
}

export const PORTS = Object.fromEntries(Object.entries(BASE_PORTS).map(([k, v]) => [k, v + portOffset()]));

export function paths(dir = stateDir()) {
  return {
    dir,
    pids: join(dir, 'pids'),
    logs: join(dir, 'logs'),
    pki: join(dir, 'pki'),
    etcdData: join(dir, 'etcd-data'),
    storage: join(dir, 'source-storage'),
    criLogs: join(dir, 'pod-logs'),
    git: join(dir, 'git'),
    charts: join(dir, 'charts'),
    registry: join(dir, 'registry'),
    registryConfig: join(dir, 'registry.yaml'),
    kubeconfig: join(dir, 'kubeconfig'),
    adminKubeconfig: join(dir, 'admin.kubeconfig'),
    kwokConfig: join(dir, 'kwok.yaml'),
    upMarker: join(dir, 'up.json'),
    // How each process was started (binary, arguments, readiness URL), so one can be restarted alike.
    launch: join(dir, 'launch'),
    // The API server's audit log (Metadata level, every request) and its policy.
    audit: join(dir, 'audit'),
    auditPolicy: join(dir, 'audit', 'policy.yaml'),
    auditLog: join(dir, 'audit', 'audit.log'),
    // Static bearer tokens (--token-auth-file) and the structured authentication config (OIDC issuer).
    tokenFile: join(dir, 'pki', 'tokens.csv'),
    authConfig: join(dir, 'authentication-config.yaml'),
  };
}

export function readPid(file) {
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
