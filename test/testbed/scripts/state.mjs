// Where the running testbed keeps its state, and which loopback ports it uses. The TypeScript helper
// (test/testbed/helper.ts) computes the same paths, so keep the two in step.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export function stateDir() {
  if (process.env.TESTBED_STATE_DIR) return process.env.TESTBED_STATE_DIR;
  return join(process.env.XDG_RUNTIME_DIR || '/tmp', 'flux-gitops-testbed');
}

export const HOST = '127.0.0.1';

// Fixed loopback ports; testbed:up checks that each is free before it starts anything. TESTBED_PORT_OFFSET
// shifts all of them, so a second testbed (with its own TESTBED_STATE_DIR) can run beside the first.
const BASE_PORTS = {
  etcdClient: 32379,
  etcdPeer: 32380,
  apiserver: 36443,
  controllerManager: 30257,
  kwok: 30247,
  fixtures: 38091,
  sourceMetrics: 38080,
  sourceHealth: 38081,
  sourceStorage: 38082,
  kustomizeMetrics: 38083,
  kustomizeHealth: 38084,
  helmMetrics: 38085,
  helmHealth: 38086,
  notificationMetrics: 38087,
  notificationHealth: 38088,
  notificationReceiver: 38089,
  notificationEvents: 38090,
  esoMetrics: 38093,
  // Nothing listens here: the testbed-down context points at it for "unreachable cluster" tests.
  closed: 38099,
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
    kubeconfig: join(dir, 'kubeconfig'),
    adminKubeconfig: join(dir, 'admin.kubeconfig'),
    kwokConfig: join(dir, 'kwok.yaml'),
    upMarker: join(dir, 'up.json'),
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
