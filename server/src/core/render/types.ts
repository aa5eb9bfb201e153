// What a render asks for and what it answers: plain data shared by the render worker (server/src/node/render/)
// and the core, which learns rendered facts from it without any WebAssembly. No node or editor imports here.

/** A kustomize-style target selector (a Flux Kustomization's `spec.patches[].target`). */
export interface RenderPatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** One `spec.patches[]` entry of a Flux Kustomization: a strategic merge or JSON6902 patch, as text. */
export interface RenderPatch {
  patch: string;
  target?: RenderPatchTarget;
}

/** One `spec.images[]` entry of a Flux Kustomization (kustomize's image override). */
export interface RenderImage {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** Labels and annotations a Flux Kustomization's `spec.commonMetadata` puts on every rendered object. */
export interface RenderCommonMetadata {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * One build: the folder to build (repository-relative, as a Flux Kustomization's `spec.path` after resolving its
 * source to this repository; "" or "." is the root) and the Flux Kustomization fields kustomize-controller merges
 * into the build. Leave every Flux field out to build a folder as `kustomize build` would.
 */
export interface RenderRequest {
  path: string;
  targetNamespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  patches?: RenderPatch[];
  images?: RenderImage[];
  /** Component folders, relative to `path` (as in `spec.components`). */
  components?: string[];
  /** `spec.ignoreMissingComponents`: component folders that do not exist are dropped instead of failing. */
  ignoreMissingComponents?: boolean;
  commonMetadata?: RenderCommonMetadata;
  /**
   * Post-build substitution (`spec.postBuild`): absent means no substitution at all, as when the Flux
   * Kustomization has no `postBuild`. The values of `substitute` and of the substituteFrom ConfigMaps the caller
   * could read, merged in Flux's order (later wins). When present, objects report the variables they use with no
   * value and no default (`undefinedVariables`), even when it is empty and so (as in the controller) nothing is
   * substituted; without strict substitution such a variable becomes the empty string.
   */
  substitute?: Record<string, string>;
  /**
   * True when a substituteFrom names a Secret (or something the caller cannot read): a variable with no value is
   * then "unknown but defined": it is left as written (`${VAR}`) and not reported as undefined.
   */
  unknownVariables?: boolean;
}

/** Where a rendered object was written. */
export interface RenderOrigin {
  /** Repository-relative file the object came from (for a generated object: the kustomization that generated it). */
  path: string;
  /** For a generated object (configMapGenerator, secretGenerator, ...): the kustomization file that configured it. */
  configuredIn?: string;
}

/** One object of a build's output, after post-build substitution. */
export interface RenderedObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  origin?: RenderOrigin;
  /** The whole object, without the origin annotations kustomize added for us. */
  object: Record<string, unknown>;
  /** Variables this object uses with no value and no default (only when substitution ran and unknownVariables is off). */
  undefinedVariables?: string[];
}

/** The error kustomize-controller would report, with the folder or file it names when one is known. */
export interface RenderError {
  message: string;
  path?: string;
  /**
   * Set when the engine itself failed (the module, its process, our time limit) or the build was not tried
   * (over the file limit), which says nothing about the build: absent, the message is kustomize's (or the
   * substitution's) verdict.
   */
  engine?: 'failed' | 'time-limit' | 'too-large';
}

/** The answer to one RenderRequest: the objects, or the error the build stopped at. */
export interface RenderResult {
  objects: RenderedObject[];
  error?: RenderError;
  /** kustomize's warnings for this build (deprecated fields, ...), once each. */
  warnings?: string[];
  /** Time the render took, queueing excluded. */
  millis: number;
}

/**
 * A change to the render's file set: repository-relative path to text, or null when the file is gone. Files that
 * source-controller leaves out of an artifact by default (.git/, .github/, .circleci/, CI and tool configurations
 * such as .gitlab-ci.yml or .sops.yaml, images, archives) are left out of the set, as kustomize-controller never
 * sees them; a repository's .sourceignore and a source's `spec.ignore` are not applied.
 */
export type RenderFileDelta = Map<string, string | null>;

/** What the core needs from a renderer; the node worker implements it, tests can feed fixed results. */
export interface RenderService {
  /** Sends the files that changed since the last call (by content); cheap when nothing did. */
  syncFiles(files: RenderFileDelta): void;
  /**
   * Renders one build. `inputKey`, when given, names everything the render depends on (the request and the
   * hashes of the files the build reads): an engine may answer an equal key from a cache.
   */
  render(request: RenderRequest, inputKey?: string): Promise<RenderResult>;
  dispose(): void;
  /**
   * Starts the engine ahead of its first render (e.g. while the workspace is indexed), so that the first render
   * does not wait for it to load; never rejects. Absent: the engine starts with its first render.
   */
  warm?(): Promise<unknown>;
  /** Renders it takes at once (several processes); absent: one at a time. */
  readonly concurrency?: number;
}
