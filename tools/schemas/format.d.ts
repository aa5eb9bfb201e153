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
