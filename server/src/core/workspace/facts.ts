// What the index keeps of each document: enough for every cross-file check, hover and link, so that files
// that are not open need no syntax tree in memory. Offsets are kept with LSP ranges for open-file hit tests.
import type { Range } from 'vscode-languageserver-types';
import type { RefSpec } from '../../shared/kinds';

export interface Span {
  readonly start: number;
  readonly end: number;
  readonly range: Range;
}

export interface RefFact {
  readonly spec: RefSpec;
  /** Dotted field path with indexes, e.g. `spec.dependsOn[1]`, for messages. */
  readonly field: string;
  /** The kind written in the reference, if the reference carries one. */
  readonly kind?: string;
  readonly name: string;
  /** The namespace written in the reference (only for cross-namespace references). */
  readonly namespace?: string;
  readonly optional: boolean;
  /** Where the name is written (for markers, the quoted value). */
  readonly span: Span;
  /** The reference names objects with a wildcard (`*`) or by labels only. */
  readonly wildcard: boolean;
  /** The data key it reads from the object (HelmRelease valuesFrom `valuesKey`, default values.yaml). */
  readonly key?: { readonly value: string; readonly span?: Span };
}

export interface VarUse {
  readonly name: string;
  readonly hasDefault: boolean;
  readonly span: Span;
}

export interface ValueFact {
  readonly value: string;
  readonly span: Span;
}

export interface FluxKustomizationFacts {
  readonly path?: ValueFact;
  readonly targetNamespace?: string;
  readonly postBuild: boolean;
  readonly substitute: readonly string[];
  readonly components: readonly string[];
  readonly interval?: string;
}

export interface GitRepositoryFacts {
  readonly url?: ValueFact;
  readonly branch?: string;
  readonly tag?: string;
  readonly semver?: string;
  readonly commit?: string;
  readonly refName?: string;
  readonly interval?: string;
  readonly secretName?: string;
}

export interface Produced {
  /** Secret, ConfigMap, or another kind a controller makes (e.g. ExternalArtifact from an ArtifactGenerator). */
  readonly kind: string;
  readonly name: string;
  /** True when the producer writes into every (selected) namespace, e.g. a ClusterExternalSecret. */
  readonly anyNamespace?: boolean;
  /** True when the producer owns its target (an ExternalSecret with creationPolicy Owner). */
  readonly owner?: boolean;
  /** The data keys it writes, when the manifest says them (undefined: decided at run time). */
  readonly keys?: readonly string[];
}

export interface ObjectFacts {
  readonly refs: readonly RefFact[];
  readonly vars: readonly VarUse[];
  readonly produces: readonly Produced[];
  /** Keys of a ConfigMap's or Secret's data (never the values), for `${VAR}` definitions. */
  readonly dataKeys?: readonly string[];
  readonly substitutionDisabled: boolean;
  readonly kustomization?: FluxKustomizationFacts;
  readonly git?: GitRepositoryFacts;
  /** spec.url (or a Bucket's endpoint) of the other Flux sources, for hovers. */
  readonly sourceUrl?: string;
}

/** A kustomize kustomization.yaml (kustomize.config.k8s.io), as far as the index needs it. */
export interface KustomizeFacts {
  readonly namespace?: string;
  readonly resources: readonly string[];
  readonly components: readonly string[];
  readonly patches: readonly string[];
  readonly generated: readonly Produced[];
}

export const EMPTY_FACTS: ObjectFacts = Object.freeze({ refs: [], vars: [], produces: [], substitutionDisabled: false });
