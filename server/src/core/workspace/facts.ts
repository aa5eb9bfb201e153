// What the index keeps of each document: enough for every cross-file check, hover and link, so that files
// that are not open need no syntax tree in memory. Offsets are kept with LSP ranges for open-file hit tests.
import type { Range } from 'vscode-languageserver-types';
import type { RefSpec } from '../../shared/kinds';
import type { KindSchema } from '../schema/types';
import type { ChartFacts } from '../charts/facts';

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
  /**
   * The spec fields kustomize-controller merges into a build (namePrefix/Suffix, patches, images, components,
   * commonMetadata, targetNamespace, postBuild), as plain JSON, for the render engine (core/render/).
   */
  readonly renderSpec?: Readonly<Record<string, unknown>>;
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
  /** The namespace it lands in, when not the producer's own (the Flux Operator's instance namespace). */
  readonly namespace?: string;
  /** True when the producer owns its target (an ExternalSecret with creationPolicy Owner). */
  readonly owner?: boolean;
  /** The data keys it writes, when the manifest says them (undefined: decided at run time). */
  readonly keys?: readonly string[];
}

/** A CustomResourceDefinition of the workspace, with its kinds converted to schemas (crds.ts). */
export interface CrdFacts {
  readonly group: string;
  readonly kind: string;
  /** Hash of the CRD document's text: what the files checked against it depend on. */
  readonly hash: number;
  /** One schema per served version; empty when the CRD could not be used (see `problem`). */
  readonly kinds: readonly KindSchema[];
  readonly problem?: string;
}

/** A release of Flux or ESO a manifest says the cluster runs (declarations.ts). */
export interface VersionDeclaration {
  readonly component: 'flux' | 'eso';
  /** As written: a version (`v2.6.1`, `1.3.1`) or a semver range (`2.x`, `>=0.19.0 <0.20.0`). */
  readonly version: string;
  /** Where it was read, for hovers: "the HelmRelease external-secrets, chart". */
  readonly what: string;
  readonly span: Span;
}

/** A Flux Operator instance's `sync`: the source and root Kustomization the operator creates (operator.ts). */
export interface SyncFacts {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly url?: string;
  readonly ref?: string;
  readonly path?: ValueFact;
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
  /** A CustomResourceDefinition's kinds and their schemas. */
  readonly crd?: CrdFacts;
  /** The Flux or ESO releases this object declares for its cluster. */
  readonly declares?: readonly VersionDeclaration[];
  /** A FluxInstance's (or flux-instance HelmRelease's) sync declaration. */
  readonly sync?: SyncFacts;
  /** spec.url (or a Bucket's endpoint) of the other Flux sources, for hovers. */
  readonly sourceUrl?: string;
  /** What chart resolution reads of HelmReleases, HelmCharts and Helm/OCI repositories (charts/facts.ts). */
  readonly chart?: ChartFacts;
  /** A notification Provider's type and address (the platform's commit status rule). */
  readonly provider?: { readonly type?: string; readonly address?: string };
}

/** A kustomize kustomization.yaml (kustomize.config.k8s.io), as far as the index needs it. */
export interface KustomizeFacts {
  readonly namespace?: string;
  readonly resources: readonly string[];
  readonly components: readonly string[];
  readonly patches: readonly string[];
  readonly generated: readonly Produced[];
  /** Files its generators read (configMapGenerator/secretGenerator `files`, `envs`), relative to its folder. */
  readonly inputs?: readonly GeneratorInput[];
}

export interface GeneratorInput {
  readonly path: string;
  /** Read by a secretGenerator: its content is a Secret's and is never read. */
  readonly secret: boolean;
}

export const EMPTY_FACTS: ObjectFacts = Object.freeze({ refs: [], vars: [], produces: [], substitutionDisabled: false });
