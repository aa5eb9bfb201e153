// Small in-memory workspaces shared by the reference tests.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { LanguageService } from '../../../server/src/core/service';
import { uriOf, yaml } from '../helpers';
import { decodeUriPath } from '../../../server/src/core/workspace/uri';

export const GIT = yaml`
  apiVersion: source.toolkit.fluxcd.io/v1
  kind: GitRepository
  metadata:
    name: flux-system
    namespace: flux-system
  spec:
    interval: 1m
    url: https://gitea.example.com/platform/fleet.git
    ref:
      branch: main
    secretRef:
      name: gitea-token
`;

export const TOKEN = yaml`
  apiVersion: external-secrets.io/v1
  kind: ExternalSecret
  metadata:
    name: gitea-token
    namespace: flux-system
  spec:
    secretStoreRef:
      kind: ClusterSecretStore
      name: openbao
    data:
      - secretKey: password
        remoteRef:
          key: gitea/token
`;

export const STORE = yaml`
  apiVersion: external-secrets.io/v1
  kind: ClusterSecretStore
  metadata:
    name: openbao
  spec:
    provider:
      vault:
        server: https://openbao.example.com
`;

export function ks(name: string, extra = '', path = './apps'): string {
  return yaml`
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: ${name}
      namespace: flux-system
    spec:
      interval: 10m
      path: ${path}
      prune: true
      sourceRef:
        kind: GitRepository
        name: flux-system
  ` + extra;
}

/** Opens a file of the workspace and returns its diagnostics with the given codes (all when none given). */
export function diagnosticsOf(service: LanguageService, rel: string, ...codes: string[]): Diagnostic[] {
  const uri = uriOf(rel);
  const text = service.parsed(uri)?.text ?? readIndexed(service, uri);
  service.open(uri, 1, text);
  return service.diagnostics(uri).filter((d) => !codes.length || codes.includes(String(d.code)));
}

const texts = new WeakMap<LanguageService, Record<string, string>>();

export function remember(service: LanguageService, files: Record<string, string>): LanguageService {
  texts.set(service, files);
  return service;
}

function readIndexed(service: LanguageService, uri: string): string {
  const files = texts.get(service);
  const rel = decodeUriPath(uri.replace('file:///ws/', ''));
  if (!files || files[rel] === undefined) throw new Error(`no fixture ${rel}`);
  return files[rel];
}

export const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));

/** A diagnostic's message as text (the LSP types allow markup there too). */
export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
