#!/usr/bin/env node
// npm run testbed:up — starts etcd, kube-apiserver, kube-controller-manager, kwok, the loopback fixture
// server and the real Flux controllers, applies the fixtures and waits until they are ready. Idempotent:
// when a healthy testbed is already running it returns at once; a half-started one is stopped and redone.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPki } from './pki.mjs';
import { KubeClient, resourcePath } from './kube.mjs';
import { httpStatus, portFree, readyCheck, runningPids, startProcess, stopAll, waitUntil } from './procs.mjs';
import { apiserverAuthFlags } from './apiserver-config.mjs';
import { HOST, PORTS, paths } from './state.mjs';
import { GO_DIR, binDir, buildTargets, computeKey } from './targets.mjs';
import * as fx from './fixtures.mjs';
import { OCI_CHARTS, pushChart } from './charts.mjs';
import { artifactProxyObjects, hostAddress } from './artifact-proxy.mjs';

const p = paths();
const TARGETS = buildTargets({ withKubectl: false });
// The controllers this build includes (External Secrets is left out when its build is turned off).
const CONTROLLERS = fx.CONTROLLERS.filter((c) => TARGETS.some((t) => t.out === c.name));
const SERVER = `https://${HOST}:${PORTS.apiserver}`;
const log = (msg) => console.log(`[testbed:up] ${msg}`);

function logOf(name) {
  return join(p.logs, `${name}.log`);
}

// Wait options for a process started by startProcess: show its log on failure, stop waiting if it exits.
function procWait(name) {
  return { logFile: logOf(name), pidFile: join(p.pids, `${name}.pid`) };
}

// TESTBED_BIN_DIR overrides the cache lookup (for debugging with binaries built elsewhere).
function binaries() {
  const dir = process.env.TESTBED_BIN_DIR || binDir(computeKey());
  const missing = TARGETS.filter((t) => !existsSync(join(dir, t.out)));
  if (missing.length > 0) {
    throw new Error(`binaries missing in ${dir}: ${missing.map((t) => t.out).join(', ')}; run npm run testbed:build first`);
  }
  return (name) => join(dir, name);
}

// Locates a pinned module in the module cache (downloading it if needed) to read its CRDs or stages.
function moduleDir(wrapper, mod) {
  const out = execFileSync('go', ['mod', 'download', '-json', mod], {
    cwd: join(GO_DIR, wrapper),
    encoding: 'utf8',
    timeout: 180_000,
  });
  const info = JSON.parse(out);
  if (!info.Dir) throw new Error(`module ${mod} has no directory in the module cache: ${info.Error ?? out}`);
  return info.Dir;
}

function kubeconfigYaml(contexts) {
  const b64 = (file) => readFileSync(join(p.pki, file)).toString('base64');
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: ${contexts[0].name}`, 'clusters:'];
  for (const c of contexts) {
    lines.push(`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`, `    certificate-authority-data: ${b64('ca.crt')}`);
  }
  lines.push('users:');
  for (const c of contexts) {
    lines.push(`- name: ${c.name}`, '  user:', `    client-certificate-data: ${b64(`${c.user}.crt`)}`, `    client-key-data: ${b64(`${c.user}.key`)}`);
  }
  lines.push('contexts:');
  for (const c of contexts) {
    lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, `    user: ${c.name}`, '    namespace: flux-system');
  }
  return `${lines.join('\n')}\n`;
}

function writeKubeconfigs() {
  writeFileSync(p.adminKubeconfig, kubeconfigYaml([{ name: 'testbed', server: SERVER, user: 'admin' }]), { mode: 0o600 });
  writeFileSync(
    p.kubeconfig,
    kubeconfigYaml([
      { name: 'testbed', server: SERVER, user: 'admin' },
      { name: 'testbed-restricted', server: SERVER, user: 'restricted' },
      { name: 'testbed-down', server: `https://${HOST}:${PORTS.closed}`, user: 'admin' },
    ]),
    { mode: 0o600 },
  );
}

async function checkPorts() {
  const busy = [];
  for (const [name, port] of Object.entries(PORTS)) {
    if (!(await portFree(HOST, port))) busy.push(`${name}=${port}`);
  }
  if (busy.length > 0) throw new Error(`loopback ports already in use: ${busy.join(', ')}`);
}

const ETCD_READY = { url: `http://${HOST}:${PORTS.etcdClient}/health` };
const APISERVER_READY = { url: `${SERVER}/readyz`, tls: 'admin' };
const KCM_READY = { url: `https://${HOST}:${PORTS.controllerManager}/healthz`, tls: 'insecure' };

async function startEtcd(bin) {
  startProcess(p, 'etcd', bin('etcd'), [
    '--name=testbed', `--data-dir=${p.etcdData}`,
    `--listen-client-urls=http://${HOST}:${PORTS.etcdClient}`, `--advertise-client-urls=http://${HOST}:${PORTS.etcdClient}`,
    `--listen-peer-urls=http://${HOST}:${PORTS.etcdPeer}`, `--initial-advertise-peer-urls=http://${HOST}:${PORTS.etcdPeer}`,
    `--initial-cluster=testbed=http://${HOST}:${PORTS.etcdPeer}`, '--unsafe-no-fsync=true', '--log-level=warn',
  ], { ready: ETCD_READY });
  await waitUntil('etcd', readyCheck(p, ETCD_READY), 30_000, procWait('etcd'));
}

async function startApiserver(bin) {
  const pki = (f) => join(p.pki, f);
  startProcess(p, 'kube-apiserver', bin('kube-apiserver'), [
    `--etcd-servers=http://${HOST}:${PORTS.etcdClient}`,
    `--bind-address=${HOST}`, `--advertise-address=${HOST}`, `--secure-port=${PORTS.apiserver}`,
    `--tls-cert-file=${pki('serving.crt')}`, `--tls-private-key-file=${pki('serving.key')}`, `--client-ca-file=${pki('ca.crt')}`,
    `--service-account-key-file=${pki('service-account.pub')}`, `--service-account-signing-key-file=${pki('service-account.key')}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    '--service-cluster-ip-range=10.96.0.0/16', '--authorization-mode=Node,RBAC', '--allow-privileged=true',
    // A loopback address is not a valid Endpoints address, so the kubernetes Service keeps no endpoints.
    '--endpoint-reconciler-type=none',
    // kwok's node has InternalIP 127.0.0.1 and serves the kubelet API (pods/log) on its node port.
    '--kubelet-preferred-address-types=InternalIP',
    `--kubelet-client-certificate=${pki('admin.crt')}`, `--kubelet-client-key=${pki('admin.key')}`,
    `--requestheader-client-ca-file=${pki('ca.crt')}`, '--requestheader-allowed-names=testbed-front-proxy',
    '--requestheader-username-headers=X-Remote-User', '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    `--proxy-client-cert-file=${pki('front-proxy.crt')}`, `--proxy-client-key-file=${pki('front-proxy.key')}`,
    '--enable-priority-and-fairness=false', '--profiling=false', '--v=1',
    ...apiserverAuthFlags(p, PORTS),
  ], { ready: APISERVER_READY });
  await waitUntil('kube-apiserver /readyz', readyCheck(p, APISERVER_READY), 120_000, procWait('kube-apiserver'));
}

async function startControllerManager(bin) {
  startProcess(p, 'kube-controller-manager', bin('kube-controller-manager'), [
    `--kubeconfig=${p.adminKubeconfig}`, `--authentication-kubeconfig=${p.adminKubeconfig}`,
    `--authorization-kubeconfig=${p.adminKubeconfig}`, `--bind-address=${HOST}`, `--secure-port=${PORTS.controllerManager}`,
    '--leader-elect=false', '--use-service-account-credentials=false',
    `--service-account-private-key-file=${join(p.pki, 'service-account.key')}`, `--root-ca-file=${join(p.pki, 'ca.crt')}`,
    '--controllers=*,-nodeipam,-service-lb-controller,-cloud-node-lifecycle-controller,-persistentvolume-binder-controller',
    '--profiling=false', '--v=1',
  ], { ready: KCM_READY });
  await waitUntil('kube-controller-manager /healthz', readyCheck(p, KCM_READY), 60_000, procWait('kube-controller-manager'));
}

// kwok needs Stage objects; the pinned kwok module ships the ones kwokctl uses by default.
function writeKwokConfig(kwokDir) {
  const stages = [
    'kustomize/stage/node/fast/node-initialize.yaml',
    'kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
    'kustomize/stage/pod/fast/pod-ready.yaml',
    'kustomize/stage/pod/fast/pod-complete.yaml',
    'kustomize/stage/pod/fast/pod-delete.yaml',
  ];
  writeFileSync(p.kwokConfig, stages.map((s) => readFileSync(join(kwokDir, s), 'utf8').trim()).join('\n---\n') + '\n');
}

async function startKwok(bin, kube) {
  startProcess(p, 'kwok', bin('kwok'), [
    `--kubeconfig=${p.adminKubeconfig}`, `--config=${p.kwokConfig}`, '--manage-all-nodes=true',
    `--node-ip=${HOST}`, `--node-port=${PORTS.kwok}`, `--server-address=${HOST}:${PORTS.kwok}`,
    `--tls-cert-file=${join(p.pki, 'serving.crt')}`, `--tls-private-key-file=${join(p.pki, 'serving.key')}`,
    '--node-lease-duration-seconds=40', '--enable-crds=Logs', '--cidr=10.244.0.0/16',
  ]);
  await waitUntil('kwok node Ready', async () => {
    const node = await kube.getJson(resourcePath('v1', 'Node', undefined, fx.NODE_NAME));
    return node?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  }, 60_000, procWait('kwok'));
}

// Applies every CRD file (raw YAML is accepted by server-side apply) and waits until each is Established.
async function applyCrds(kube, files) {
  const names = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const name = /^metadata:\s*\n(?:\s+.*\n)*?\s+name:\s*(\S+)/m.exec(text)?.[1];
    if (!name) throw new Error(`cannot find metadata.name in ${file}`);
    const path = `${resourcePath('apiextensions.k8s.io/v1', 'CustomResourceDefinition', undefined, name)}?fieldManager=testbed&force=true`;
    const res = await kube.call('PATCH', path, { body: text, contentType: 'application/apply-patch+yaml', timeoutMs: 30_000 });
    if (res.status >= 300) throw new Error(`apply CRD ${name} from ${file}: HTTP ${res.status}: ${res.body.slice(0, 300)}`);
    names.push(name);
  }
  for (const name of names) {
    await waitUntil(`CRD ${name} Established`, async () => {
      const crd = await kube.getJson(resourcePath('apiextensions.k8s.io/v1', 'CustomResourceDefinition', undefined, name));
      return crd?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    }, 30_000);
  }
  return names;
}

function crdFiles() {
  const dirs = CONTROLLERS.map((c) => join(moduleDir(c.name, c.module), c.crdDir));
  const controllerCrds = dirs
    .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f)))
    .filter((file) => /^kind: CustomResourceDefinition$/m.test(readFileSync(file, 'utf8')));
  const kwokDir = moduleDir('kwok', 'sigs.k8s.io/kwok');
  return { files: [...controllerCrds, join(kwokDir, 'kustomize', 'crd', 'bases', 'kwok.x-k8s.io_logs.yaml')], kwokDir };
}

const FLUX_COMMON = ['--log-encoding=json', '--log-level=info', '--enable-leader-election=false', '--watch-all-namespaces=true'];
const EVENTS = `--events-addr=http://${HOST}:${PORTS.notificationEvents}`;

// How each controller is started on loopback ports, and which URL answers 200 once it is ready.
function controllerLaunch(name) {
  const addrs = (metrics, health) => [`--metrics-addr=${HOST}:${metrics}`, `--health-addr=${HOST}:${health}`];
  const readyz = (health) => `http://${HOST}:${health}/readyz`;
  switch (name) {
    case 'source-controller':
      return {
        args: [...FLUX_COMMON, ...addrs(PORTS.sourceMetrics, PORTS.sourceHealth), EVENTS, `--storage-path=${p.storage}`,
          `--storage-addr=${HOST}:${PORTS.sourceStorage}`, `--storage-adv-addr=${HOST}:${PORTS.sourceStorage}`],
        ready: readyz(PORTS.sourceHealth),
      };
    case 'kustomize-controller':
      return { args: [...FLUX_COMMON, ...addrs(PORTS.kustomizeMetrics, PORTS.kustomizeHealth), EVENTS], ready: readyz(PORTS.kustomizeHealth) };
    case 'helm-controller':
      return { args: [...FLUX_COMMON, ...addrs(PORTS.helmMetrics, PORTS.helmHealth), EVENTS], ready: readyz(PORTS.helmHealth) };
    case 'notification-controller':
      return {
        args: [...FLUX_COMMON, ...addrs(PORTS.notificationMetrics, PORTS.notificationHealth),
          `--events-addr=${HOST}:${PORTS.notificationEvents}`, `--receiverAddr=${HOST}:${PORTS.notificationReceiver}`],
        ready: readyz(PORTS.notificationHealth),
      };
    case 'external-secrets':
      // ESO's controller has no health endpoint; its metrics server answers once the manager runs.
      return {
        args: [`--metrics-addr=${HOST}:${PORTS.esoMetrics}`, '--enable-leader-election=false', '--loglevel=info',
          '--zap-time-encoding=iso8601'],
        ready: `http://${HOST}:${PORTS.esoMetrics}/metrics`,
      };
    default:
      throw new Error(`no launch settings for ${name}`);
  }
}

function criLogFile(name) {
  return join(p.criLogs, `${name}.log`);
}

async function startControllers(bin) {
  for (const c of CONTROLLERS) {
    startProcess(p, c.name, bin(c.name), controllerLaunch(c.name).args, {
      criFile: criLogFile(c.name),
      env: { KUBECONFIG: p.adminKubeconfig, RUNTIME_NAMESPACE: c.namespace, HOME: p.dir },
      ready: { url: controllerLaunch(c.name).ready },
    });
  }
  for (const c of CONTROLLERS) {
    const url = controllerLaunch(c.name).ready;
    await waitUntil(`${c.name} ${url}`, async () => (await httpStatus(url)) === 200, 90_000, procWait(c.name));
  }
}

async function startFixtureServer() {
  fx.seedGit(p.git);
  fx.createChart(p.charts);
  startProcess(p, 'fixture-server', process.execPath, [
    join(import.meta.dirname, 'fixture-server.mjs'), HOST, String(PORTS.fixtures), p.git, p.charts,
  ], { ready: { url: `${fx.FIXTURE_URL}/healthz` } });
  await waitUntil('fixture server', async () => (await httpStatus(`${fx.FIXTURE_URL}/healthz`)) === 200, 15_000, procWait('fixture-server'));
}

// The distribution registry, anonymous, plain HTTP on loopback, storing on disk in the state folder (so a
// restart keeps what was pushed); the charts of charts.mjs are pushed once it answers.
async function startRegistry(bin) {
  mkdirSync(p.registry, { recursive: true, mode: 0o700 });
  writeFileSync(p.registryConfig, [
    'version: 0.1',
    'log:', '  level: warn', '  accesslog:', '    disabled: true',
    'storage:', '  filesystem:', `    rootdirectory: ${p.registry}`,
    'http:', `  addr: ${HOST}:${PORTS.registry}`, '',
  ].join('\n'));
  const ready = { url: `${fx.REGISTRY_URL}/v2/` };
  // OpenTelemetry stays off: no exporter is dialled.
  startProcess(p, 'registry', bin('registry'), ['serve', p.registryConfig], { ready, env: { OTEL_TRACES_EXPORTER: 'none', OTEL_SDK_DISABLED: 'true' } });
  await waitUntil('registry /v2/', readyCheck(p, ready), 30_000, procWait('registry'));
  for (const chart of OCI_CHARTS) await pushChart(fx.REGISTRY_URL, chart);
}

// The Service, Endpoints and stand-in Pod through which the API server proxies to source-controller's
// storage, and the forwarder they point at (artifact-proxy.mjs). Without a non-loopback address, none.
async function startArtifactProxy(kube) {
  const address = hostAddress();
  if (!address) {
    log('no non-loopback IPv4 address: the service proxy to source-controller is not set up');
    return { unavailable: 'this machine has no non-loopback IPv4 address' };
  }
  startProcess(p, 'artifact-forwarder', process.execPath, [
    join(import.meta.dirname, 'artifact-forwarder.mjs'), address, String(PORTS.artifactForward), HOST, String(PORTS.sourceStorage),
  ]);
  const objects = artifactProxyObjects(fx.FLUX_NS, address, PORTS.artifactForward);
  for (const obj of [objects.pod, objects.service, objects.endpoints]) await kube.apply(obj);
  await kube.applyStatus(objects.podStatus);
  const path = `/api/v1/namespaces/${fx.FLUX_NS}/services/${objects.service.metadata.name}:http/proxy/`;
  // Any answer from source-controller's storage (a 404 for "/") shows the path through the proxy works.
  await waitUntil('service proxy to source-controller', async () => {
    const res = await kube.call('GET', path, { timeoutMs: 5000 });
    return res.status === 200 || res.status === 404 && !res.body.includes('"kind":"Status"');
  }, 30_000, procWait('artifact-forwarder'));
  return { address, port: PORTS.artifactForward, service: objects.service.metadata.name };
}

// Waits for each controller's pod to run on the kwok node, then points kwok's Logs at its CRI log file.
async function linkPodLogs(kube) {
  for (const c of CONTROLLERS) {
    let podName;
    await waitUntil(`pod of ${c.name} Running`, async () => {
      const list = await kube.getJson(`/api/v1/namespaces/${c.namespace}/pods?labelSelector=app%3D${c.name}`);
      const pod = list?.items?.find((i) => i.status?.phase === 'Running' && !i.metadata.deletionTimestamp);
      podName = pod?.metadata?.name;
      return Boolean(podName);
    }, 60_000, procWait('kwok'));
    await kube.apply({
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Logs',
      metadata: { name: podName, namespace: c.namespace },
      spec: { logs: [{ containers: [c.container], logsFile: criLogFile(c.name), follow: true }] },
    });
  }
}

function readyCondition(obj) {
  return obj?.status?.conditions?.find((c) => c.type === 'Ready');
}

async function waitFixtures(kube) {
  const expectations = [
    [fx.FLUX_NS, 'source.toolkit.fluxcd.io/v1', 'GitRepository', 'fleet', 'True'],
    [fx.FLUX_NS, 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'apps-ok', 'True'],
    [fx.FLUX_NS, 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'apps-broken', 'False'],
    [fx.FLUX_NS, 'source.toolkit.fluxcd.io/v1', 'HelmRepository', 'testbed-charts', 'True'],
    [fx.FLUX_NS, 'helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'hello', 'True'],
    ...fx.CHART_EXPECTATIONS.map(([apiVersion, kind, name]) => [fx.FLUX_NS, apiVersion, kind, name, 'True']),
  ];
  if (withEso()) {
    expectations.push(
      [fx.SECRETS_NS, 'external-secrets.io/v1', 'SecretStore', 'fake-store', 'True'],
      [fx.SECRETS_NS, 'external-secrets.io/v1', 'ExternalSecret', 'db-credentials', 'True'],
      [fx.SECRETS_NS, 'external-secrets.io/v1', 'ExternalSecret', 'missing-credentials', 'False'],
    );
  }
  for (const [ns, apiVersion, kind, name, status] of expectations) {
    let last;
    await waitUntil(`${kind} ${ns}/${name} Ready=${status}`, async () => {
      last = readyCondition(await kube.getJson(resourcePath(apiVersion, kind, ns, name)));
      return last?.status === status;
    }, 120_000).catch((err) => {
      throw new Error(`${err.message}; last Ready condition: ${JSON.stringify(last ?? null)}`);
    });
  }
}

function withEso() {
  return CONTROLLERS.some((c) => c.name === 'external-secrets');
}

async function alreadyUp() {
  if (!existsSync(p.upMarker)) return false;
  const marker = JSON.parse(readFileSync(p.upMarker, 'utf8'));
  if (runningPids(p).length < marker.processes) return false;
  try {
    return (await new KubeClient(SERVER, p.pki).call('GET', '/readyz', { timeoutMs: 3000 })).status === 200;
  } catch {
    return false;
  }
}

// The state folder is wiped on every fresh start; refuse to wipe a folder that testbed:up did not create.
const STATE_MARK = '.flux-gitops-testbed';

function resetStateDir() {
  const ours = existsSync(join(p.dir, STATE_MARK)) || existsSync(p.pids);
  if (existsSync(p.dir) && readdirSync(p.dir).length > 0 && !ours) {
    throw new Error(`${p.dir} exists and was not created by testbed:up; choose another TESTBED_STATE_DIR`);
  }
  rmSync(p.dir, { recursive: true, force: true });
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(p.dir, STATE_MARK), 'state folder of npm run testbed:up\n');
}

// No step may hang CI: every wait has its own timeout, and this bounds the whole bring-up.
const UP_TIMEOUT_MS = 12 * 60_000;

async function main() {
  setTimeout(() => {
    console.error(`[testbed:up] ERROR: bring-up exceeded ${UP_TIMEOUT_MS / 60_000} minutes; logs in ${p.logs}`);
    stopAll(p).finally(() => process.exit(1));
  }, UP_TIMEOUT_MS).unref();
  const started = Date.now();
  if (await alreadyUp()) {
    log(`already up; kubeconfig: ${p.kubeconfig}`);
    return;
  }
  const bin = binaries();
  const stale = await stopAll(p);
  if (stale > 0) log(`stopped ${stale} processes of an earlier, incomplete testbed`);
  resetStateDir();
  for (const d of [p.pids, p.logs, p.etcdData, p.storage, p.criLogs]) mkdirSync(d, { recursive: true, mode: 0o700 });
  await checkPorts();
  createPki(p.pki);
  writeKubeconfigs();
  const { files, kwokDir } = crdFiles();
  writeKwokConfig(kwokDir);

  await startEtcd(bin);
  log('etcd ready');
  await startApiserver(bin);
  const kube = new KubeClient(SERVER, p.pki);
  log('kube-apiserver ready');
  const crds = await applyCrds(kube, files);
  log(`${crds.length} CRDs established`);
  for (const obj of fx.baseObjects()) await kube.apply(obj);
  await startControllerManager(bin);
  await startKwok(bin, kube);
  log('kube-controller-manager and kwok ready');
  await startFixtureServer();
  await startRegistry(bin);
  log('fixture server and registry ready');
  await startControllers(bin);
  log(`controllers ready: ${CONTROLLERS.map((c) => c.name).join(', ')}`);
  for (const obj of fx.controllerDeployments(CONTROLLERS)) await kube.apply(obj);
  await linkPodLogs(kube);
  const artifactProxy = await startArtifactProxy(kube);
  for (const obj of [...fx.fluxObjects(), ...(withEso() ? fx.esoObjects() : [])]) await kube.apply(obj);
  await waitFixtures(kube);
  const processes = runningPids(p).length;
  const marker = { processes, startedAt: new Date().toISOString(), ports: PORTS, controllers: CONTROLLERS.map((c) => c.name), registry: fx.REGISTRY_URL, artifactProxy };
  writeFileSync(p.upMarker, JSON.stringify(marker, null, 2));
  log(`up in ${Math.round((Date.now() - started) / 1000)}s; ${processes} pids; kubeconfig: ${p.kubeconfig}`);
}

// The processes that died during the bring-up, with the end of their logs: CI keeps only part of its output.
function deadProcessLogs() {
  const alive = new Set(runningPids(p).map((e) => e.file));
  const dead = new Set();
  for (const name of existsSync(p.pids) ? readdirSync(p.pids) : []) {
    if (name.endsWith('.pid') && !alive.has(join(p.pids, name))) dead.add(name.replace(/(\.child)?\.pid$/, ''));
  }
  const out = [];
  for (const proc of dead) {
    const log = logOf(proc);
    const tail = existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n').slice(-12).join('\n') : '(no log)';
    out.push(`[testbed:up] ${proc} is not running; the end of its log:\n${tail}`);
  }
  return out;
}

main().catch(async (err) => {
  console.error(`[testbed:up] ERROR: ${err.message}`);
  for (const line of deadProcessLogs()) console.error(line);
  console.error(`[testbed:up] logs of every process are in ${p.logs}; stopping what was started`);
  await stopAll(p).catch(() => undefined);
  process.exit(1);
});

