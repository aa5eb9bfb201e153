// A synthetic fleet for scale tests and the benchmark: `clusters` clusters of `apps` applications, each with a
// Kustomization (dependsOn the previous one, post-build substitution), a kustomization.yaml, a HelmRepository,
// a HelmRelease (valuesFrom a Secret) and the ExternalSecret that produces that Secret. 4 manifests per app.
export function syntheticFleet(clusters: number, apps: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let c = 0; c < clusters; c++) {
    const base = `clusters/c${c}`;
    files[`${base}/flux-system/git.yaml`] = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://gitea.example.com/o/r\n`;
    for (let a = 0; a < apps; a++) Object.assign(files, app(base, c, a));
  }
  return files;
}

function app(base: string, c: number, a: number): Record<string, string> {
  const name = `app${a}`;
  return {
    [`${base}/flux-system/ks-${name}.yaml`]: `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./${base}/apps/${name}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  dependsOn:\n    - name: app${Math.max(0, a - 1)}\n  postBuild:\n    substitute:\n      CLUSTER: c${c}\n`,
    [`${base}/apps/${name}/kustomization.yaml`]: `namespace: ${name}\nresources:\n  - release.yaml\n  - secret.yaml\n`,
    [`${base}/apps/${name}/release.yaml`]: `apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: ${name}\nspec:\n  interval: 1h\n  url: https://charts.example.com\n---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\nspec:\n  interval: 10m\n  chart:\n    spec:\n      chart: ${name}\n      sourceRef:\n        kind: HelmRepository\n        name: ${name}\n  valuesFrom:\n    - kind: Secret\n      name: ${name}-values\n  values:\n    cluster: \${CLUSTER}\n`,
    [`${base}/apps/${name}/secret.yaml`]: `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: ${name}-values\nspec:\n  secretStoreRef:\n    kind: ClusterSecretStore\n    name: openbao\n  data:\n    - secretKey: a\n      remoteRef:\n        key: x\n`,
  };
}
