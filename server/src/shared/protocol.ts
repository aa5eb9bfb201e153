// Custom messages between the client and the server, defined once and imported by both sides.

/** Server -> client: what the server loaded and indexed, for the status bar and the output channel. */
export namespace StatusNotification {
  export const method = 'fluxGitops/status';
  export interface Params {
    readonly profile: string;
    readonly schemaVersions: Record<string, string>;
    readonly files: number;
    readonly objects: number;
    readonly millis: number;
  }
}

/** Client -> server: where the manifest of an object is defined in the workspace. */
export namespace FindObjectRequest {
  export const method = 'fluxGitops/findObject';
  export interface Params {
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
  }
  export interface Location {
    readonly uri: string;
    readonly line: number;
    readonly character: number;
    /** Names of the cluster folders (flux/clusters/<name>) whose tree takes the file in. */
    readonly clusters?: readonly string[];
  }
  export type Result = Location[];
}

/** Client -> server: the object defined at a position of a manifest, to reveal it live. */
export namespace ObjectAtRequest {
  export const method = 'fluxGitops/objectAt';
  export interface Params {
    readonly uri: string;
    readonly line: number;
    readonly character: number;
  }
  export interface Result {
    readonly apiVersion: string;
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
  }
}

/** Client -> server: the objects a manifest file defines, with the namespaces they land in (for live lenses). */
export namespace ObjectsInRequest {
  export const method = 'fluxGitops/objectsIn';
  export interface Params {
    readonly uri: string;
  }
  export interface Item {
    readonly apiVersion: string;
    readonly kind: string;
    readonly name: string;
    /** metadata.namespace, else what kustomize and Flux give it; empty when unknown or cluster-scoped. */
    readonly namespaces: readonly string[];
    readonly line: number;
    /** Names of the cluster folders (flux/clusters/<name>) whose tree takes the file in. */
    readonly clusters: readonly string[];
  }
  export type Result = Item[];
}

/** Options the client passes at initialize. */
export interface InitializationOptions {
  readonly clientHasSnippets?: boolean;
  /** False in an untrusted workspace: the server then ignores the workspace's .flux-gitops.yaml. */
  readonly trusted?: boolean;
  readonly schemaDir?: string;
  /** The version profile chosen in the editor settings (changing it restarts the server). */
  readonly profile?: string;
  /** A folder of the extension's own storage for this workspace, where the index is kept between starts. */
  readonly cacheDir?: string;
  /** The extension's global storage for charts (HelmRelease values): fetched archives are kept there by digest. */
  readonly chartCacheDir?: string;
  /** The client answers ChartFromClusterRequest (the explorer may bring a chart from the cluster). */
  readonly clusterCharts?: boolean;
}

/** Client -> server: "Show Rendered Output" of the Flux Kustomization at a line, or of a kustomization.yaml or folder. */
export namespace RenderedOutputRequest {
  export const method = 'fluxGitops/renderedOutput';
  export interface Params {
    readonly uri: string;
    readonly line?: number;
    /** Render the workspace as it is at this Git ref instead (empty: the branch's upstream). */
    readonly ref?: string;
  }
  export interface Result {
    /** Multi-document YAML, each object preceded by the file it came from (or the error, as comments). */
    readonly text: string;
    readonly objects: number;
    readonly error?: string;
  }
}

/** Server -> client: renders changed (rendered output documents and lenses may be stale). */
export namespace RendersChangedNotification {
  export const method = 'fluxGitops/rendersChanged';
  export interface Params {
    /** Files holding the Flux Kustomizations whose render changed. */
    readonly uris: readonly string[];
  }
}

/** Client -> server: what the fleet view needs of the platform's layout (categories, environments, placements). */
export namespace FleetLayoutRequest {
  export const method = 'fluxGitops/fleetLayout';
  export interface Placement {
    readonly kind: string;
    readonly namespace?: string;
    readonly name: string;
    readonly category: string;
  }
  export interface Result {
    /** The platform's categories, in the order rows are grouped. */
    readonly categories: readonly string[];
    /** Cluster folder -> environment: `platform.environments`, else what the folder's name says. */
    readonly environments: Readonly<Record<string, 'staging' | 'production'>>;
    /** The cluster folders (`flux/clusters/<name>`) of the workspace. */
    readonly clusters: readonly string[];
    /** Where the workspace declares each Flux Kustomization and HelmRelease (its category folder). */
    readonly placements: readonly Placement[];
    /** What each cluster folder on the current branch declares of its Kustomizations and HelmReleases. */
    readonly declared?: readonly Declared[];
  }
  export interface Declared {
    readonly kind: string;
    readonly namespace?: string;
    readonly name: string;
    /** The cluster folder (`flux/clusters/<cluster>`) the manifest is in. */
    readonly cluster: string;
    /** A HelmRelease's `spec.chart.spec.version` (a version or a range). */
    readonly chartVersion?: string;
    /** A Kustomization's `spec.images`, as `name:tag` (or `name@digest`). */
    readonly images?: readonly string[];
    /** A Kustomization's `spec.path`. */
    readonly path?: string;
  }
}

/** Client -> server: the edit making the production twins of a staging HelmRelease or Kustomization match it. */
export namespace PromoteRequest {
  export const method = 'fluxGitops/promote';
  export interface Params {
    readonly uri: string;
    readonly line: number;
    readonly character: number;
  }
  export interface Target {
    readonly cluster: string;
    readonly uri: string;
    /** What the edit changes there, e.g. `spec.chart.spec.version 1.15.3 -> 1.16.0`; empty when it already matches. */
    readonly changes: readonly string[];
    /** The text each of the edit's ranges of this file holds now, in order: a file changed since is refused. */
    readonly replaced: readonly string[];
  }
  export type Result =
    | {
        readonly kind: string;
        readonly name: string;
        readonly from: string;
        readonly targets: readonly Target[];
        /** Production cluster folders with no twin of the object: nothing is promoted there. */
        readonly without: readonly string[];
        readonly edit: import('vscode-languageserver-types').WorkspaceEdit;
      }
    | { readonly error: string };
}

/**
 * Client -> server: "Use Schemas of <context> for <folder>". The CustomResourceDefinitions a live cluster serves
 * (read through the explorer's clients, cached by the client per context and resourceVersion) check the files
 * under `folderUri` from now on, over the pinned profiles for the kinds the cluster serves. `crds: null` stops.
 */
export namespace ClusterSchemasRequest {
  export const method = 'fluxGitops/clusterSchemas';
  export interface Params {
    /** The folder's URI as VS Code spells it; every file below it takes these schemas. */
    readonly folderUri: string;
    readonly context: string;
    /** CRD objects as the API server serves them (metadata.name, metadata.resourceVersion and spec are read). */
    readonly crds: readonly unknown[] | null;
  }
  export interface Result {
    /** CRDs taken, and the kinds (served group, version and kind) they give schemas to. */
    readonly crds: number;
    readonly kinds: number;
    /** CRDs not used and why (too large, malformed, over the count limit). */
    readonly problems: readonly string[];
  }
}

/**
 * Client -> server: a chart as the cluster has it (source-controller's artifact, downloaded by the explorer
 * through the API server's service proxy), kept in the chart cache as the chart of its source, so releases
 * that use that source know their values with no registry access from this machine.
 */
export namespace ClusterChartRequest {
  export const method = 'fluxGitops/clusterChart';
  export type Source =
    /** A Helm repository's URL (where index.yaml is) and the chart's name. */
    | { readonly kind: 'helm'; readonly url: string; readonly chart: string }
    /** An `oci://host/repository/chart` URL. */
    | { readonly kind: 'oci'; readonly url: string };
  export interface Params {
    readonly context: string;
    readonly source: Source;
    readonly version: string;
    /** The archive (.tgz), base64. */
    readonly archive: string;
    /** `sha256:<hex>` of the archive, as source-controller recorded it. */
    readonly digest: string;
    /** An OCI chart's manifest digest (`sha256:<hex>`), from the artifact's revision. */
    readonly manifest?: string;
  }
  /** The cache's name of the source it was kept as, or why it was not kept. */
  export type Result = { readonly source: string } | { readonly error: string };
}

/**
 * Server -> client: the chart of a HelmRelease whose chart is in no cache, asked of the cluster its folder deploys
 * to. The client answers from the explorer (a connected context that a cluster folder of the release maps to, in a
 * trusted workspace) with source-controller's artifact, which the server keeps as ClusterChartRequest keeps it;
 * or with the reason it has none (no such context connected, the release not there, a 403 naming the permission).
 * Sent only when the client said at initialize that it answers (`clusterCharts`).
 */
export namespace ChartFromClusterRequest {
  export const method = 'fluxGitops/chartFromCluster';
  export interface Params {
    readonly release: { readonly name: string; readonly namespaces: readonly string[] };
    /** The cluster folders (`flux/clusters/<name>`) whose tree takes the release's file in; empty: none known. */
    readonly clusters: readonly string[];
    /** Where the repository says the chart comes from, for messages. */
    readonly source: string;
  }
  export type Result = { readonly chart: ClusterChartRequest.Params } | { readonly reason: string };
}

/** Client -> server: the explorer connected to a context; charts that were not found may be asked of it again. */
export namespace ClusterConnectedNotification {
  export const method = 'fluxGitops/clusterConnected';
  export interface Params {
    readonly context: string;
  }
}
