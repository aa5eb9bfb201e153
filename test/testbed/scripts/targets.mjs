// Shared by build.mjs and up.mjs: where the wrapper modules are, what each builds, and where the
// binaries are cached (outside the repository, keyed by the wrappers' go.mod/go.sum and this script set).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPTS_DIR = dirname(fileURLToPath(import.meta.url));
export const TESTBED_DIR = join(SCRIPTS_DIR, '..');
export const GO_DIR = join(TESTBED_DIR, 'go');

export const KUBE_VERSION = 'v1.36.3';

export function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'flux-gitops', 'testbed');
}

export function binDir(key) {
  return join(cacheRoot(), key, 'bin');
}

// Every file whose change must produce a new build: the wrappers' module files and the build scripts.
function cacheKeyFiles() {
  const wrappers = readdirSync(GO_DIR).sort();
  const moduleFiles = wrappers.flatMap((w) => [join(GO_DIR, w, 'go.mod'), join(GO_DIR, w, 'go.sum')]);
  return [...moduleFiles, join(SCRIPTS_DIR, 'build.mjs'), join(SCRIPTS_DIR, 'targets.mjs')];
}

export function computeKey() {
  let version;
  try {
    version = execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('the go command is not available on PATH; install Go 1.26 or newer');
  }
  const hash = createHash('sha256');
  hash.update(version);
  for (const file of cacheKeyFiles()) {
    hash.update(file.slice(TESTBED_DIR.length));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

// Kubernetes binaries report the version stamped by ldflags; without these they say v0.0.0.
function kubeLdflags() {
  const [major, minor] = KUBE_VERSION.slice(1).split('.');
  const vars = {
    gitVersion: KUBE_VERSION,
    gitMajor: major,
    gitMinor: minor,
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
  };
  const pkgs = ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'];
  const flags = pkgs.flatMap((pkg) => Object.entries(vars).map(([k, v]) => `-X ${pkg}.${k}=${v}`));
  return ['-s', '-w', ...flags].join(' ');
}

const STRIP = '-s -w';

// External Secrets is the largest optional piece; TESTBED_ESO=0 leaves it out of build and bring-up.
export function withEso() {
  return process.env.TESTBED_ESO !== '0';
}

export function buildTargets({ withKubectl }) {
  const targets = [
    { wrapper: 'etcd', pkg: 'go.etcd.io/etcd/server/v3', out: 'etcd', ldflags: STRIP },
    { wrapper: 'kube', pkg: 'k8s.io/kubernetes/cmd/kube-apiserver', out: 'kube-apiserver', ldflags: kubeLdflags() },
    // The controller manager turns Deployments into ReplicaSets and Pods and runs garbage collection and
    // namespace deletion, so the testbed behaves like a cluster for the objects the extension shows.
    { wrapper: 'kube', pkg: 'k8s.io/kubernetes/cmd/kube-controller-manager', out: 'kube-controller-manager', ldflags: kubeLdflags() },
    { wrapper: 'kwok', pkg: 'sigs.k8s.io/kwok/cmd/kwok', out: 'kwok', ldflags: STRIP },
    { wrapper: 'source-controller', pkg: 'github.com/fluxcd/source-controller', out: 'source-controller', ldflags: STRIP },
    { wrapper: 'kustomize-controller', pkg: 'github.com/fluxcd/kustomize-controller', out: 'kustomize-controller', ldflags: STRIP },
    { wrapper: 'helm-controller', pkg: 'github.com/fluxcd/helm-controller', out: 'helm-controller', ldflags: STRIP },
    { wrapper: 'notification-controller', pkg: 'github.com/fluxcd/notification-controller', out: 'notification-controller', ldflags: STRIP },
    // The OCI registry that serves the testbed's charts as Helm OCI artifacts.
    { wrapper: 'registry', pkg: 'github.com/distribution/distribution/v3/cmd/registry', out: 'registry', ldflags: STRIP },
  ];
  if (withEso()) {
    targets.push({ wrapper: 'external-secrets', pkg: 'github.com/external-secrets/external-secrets', out: 'external-secrets', ldflags: STRIP });
  }
  if (withKubectl) {
    targets.push({ wrapper: 'kube', pkg: 'k8s.io/kubernetes/cmd/kubectl', out: 'kubectl', ldflags: kubeLdflags() });
  }
  return targets;
}
