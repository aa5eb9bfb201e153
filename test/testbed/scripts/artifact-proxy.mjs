// What lets the API server's service proxy reach source-controller's artifacts, as in a real cluster
// (`/api/v1/namespaces/flux-system/services/source-controller:http/proxy/<artifact path>`):
// - the Service `source-controller` (port `http`, 80) with no selector, and Endpoints written here;
// - the Endpoints address is a non-loopback address of this machine (the API server refuses loopback ones)
//   where artifact-forwarder.mjs listens, forwarding to the storage server on 127.0.0.1;
// - the API server proxies only to addresses of a Pod named by the Endpoints' targetRef, so a Pod
//   `source-controller-storage` (never scheduled: it stands for the address) carries it in status.podIPs.
// Packets to the machine's own address never leave it: the kernel delivers them locally.
import { networkInterfaces } from 'node:os';

export const STORAGE_SERVICE = 'source-controller';
const STAND_IN_POD = 'source-controller-storage';

/** The first non-internal IPv4 address of this machine, or undefined when it has none. */
export function hostAddress() {
  const candidates = Object.values(networkInterfaces()).flat().filter((i) => i && i.family === 'IPv4' && !i.internal);
  return candidates[0]?.address;
}

export function artifactProxyObjects(namespace, address, port) {
  const labels = { 'app.kubernetes.io/part-of': 'flux-gitops-testbed', 'app.kubernetes.io/component': 'artifact-proxy' };
  return {
    pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: STAND_IN_POD, namespace, labels }, spec: { containers: [{ name: 'storage', image: 'none' }] } },
    podStatus: { apiVersion: 'v1', kind: 'Pod', metadata: { name: STAND_IN_POD, namespace }, status: { podIP: address, podIPs: [{ ip: address }] } },
    service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: STORAGE_SERVICE, namespace, labels },
      spec: { type: 'ClusterIP', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: port }] },
    },
    endpoints: {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: STORAGE_SERVICE, namespace, labels },
      subsets: [{ addresses: [{ ip: address, targetRef: { kind: 'Pod', name: STAND_IN_POD, namespace } }], ports: [{ name: 'http', port, protocol: 'TCP' }] }],
    },
  };
}
