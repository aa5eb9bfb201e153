// Fixtures of the bounds tests.
import { yaml } from '../helpers';

/** A valid Flux Kustomization (its spec ends with sourceRef, so lines can be added after it). */
export const KUSTOMIZATION = yaml`
  apiVersion: kustomize.toolkit.fluxcd.io/v1
  kind: Kustomization
  metadata:
    name: apps
    namespace: flux-system
  spec:
    interval: 10m
    prune: true
    sourceRef:
      kind: GitRepository
      name: flux-system
`;
