// Shape of generated/schemas/<profile>.json, the bundle written by tools/schemas/build.mjs.
// The language server's schema engine reads exactly this; keep both sides in step.

/** One validation profile: every kind the checker knows, plus the shared definitions they reference. */
export interface SchemaBundle {
  /** Profile id, e.g. "flux-2.9". */
  profile: string;
  /** Go module path -> version for every upstream input, plus the controller-tools version used to generate CRDs. */
  generatedFrom: Record<string, string>;
  kinds: KindSchema[];
  /** Shared nodes referenced by `{ $ref: "<name>" }` (core sub-structures, ObjectMeta and its closure). */
  definitions: Record<string, SchemaNode>;
  /**
   * `apiVersion|kind` of the kinds kept in `<profile>.extra.json` (every other Kubernetes kind): a bundle of
   * its own whose definitions add to these; a server reads it the first time a document names one of them.
   */
  extraKinds?: string[];
}

export interface KindSchema {
  /** "source.toolkit.fluxcd.io/v1", or "v1" for the core group. */
  apiVersion: string;
  /** "" for the core group. */
  group: string;
  version: string;
  kind: string;
  /** Resource name (CRD names.plural, or the core REST path) when known. */
  plural?: string;
  namespaced: boolean;
  served: boolean;
  storage: boolean;
  deprecated: boolean;
  deprecationWarning?: string;
  /** "<module>@<version> <path inside the module>", naming where the schema came from. */
  origin: string;
  /** Root object schema; properties.metadata is always `{ $ref: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" }`. */
  schema: SchemaNode;
}

export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

export interface SchemaNode {
  /** Key into SchemaBundle.definitions. */
  $ref?: string;
  type?: SchemaType;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  enum?: unknown[];
  default?: unknown;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  /** x-kubernetes-int-or-string, core IntOrString, and Quantity (a number or a string). */
  intOrString?: boolean;
  /** x-kubernetes-preserve-unknown-fields; also set on core free-form objects (RawExtension, FieldsV1). */
  preserveUnknownFields?: boolean;
  /** x-kubernetes-embedded-resource. */
  embeddedResource?: boolean;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  /** x-kubernetes-validations (CEL), kept as information only. */
  validations?: { rule: string; message?: string }[];
}

/**
 * generated/schemas/variants/: other releases of some components (Flux 2.6, ESO 0.19, ESO 1.3), each a variant
 * of a base bundle whose kinds of the `replaces` groups it replaces. `index.json` lists them (a `VariantsFile`);
 * `<id>.json` holds one (a `VariantProfile`), read only when a cluster needs it. A kind whose schema equals one
 * already stored (the base's or an earlier variant's) is stored as a reference to it.
 */
export interface VariantsFile {
  variants: VariantMeta[];
}

export interface VariantMeta {
  /** "eso-1.3", "flux-2.6". */
  id: string;
  /** The bundle it varies, e.g. "flux-2.9". */
  base: string;
  description: string;
  /** API groups whose kinds this variant replaces in its base. */
  replaces: string[];
  generatedFrom: Record<string, string>;
}

export interface VariantProfile extends VariantMeta {
  kinds: (KindSchema | SharedKind)[];
}

/** A kind equal to one stored under another profile; only its own origin differs. */
export interface SharedKind {
  apiVersion: string;
  kind: string;
  origin: string;
  /** The profile id that stores the equal schema. */
  sameAs: string;
}
