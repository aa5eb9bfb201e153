// The schema format the build step produces from pinned upstream CRDs and OpenAPI specs
// (see tools/schemas). The engine reads nothing else.

export interface SchemaNode {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
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
  intOrString?: boolean;
  preserveUnknownFields?: boolean;
  embeddedResource?: boolean;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  validations?: { rule: string; message?: string }[];
}

export interface KindSchema {
  apiVersion: string;
  group: string;
  version: string;
  kind: string;
  plural?: string;
  namespaced: boolean;
  served: boolean;
  storage: boolean;
  deprecated: boolean;
  deprecationWarning?: string;
  origin: string;
  schema: SchemaNode;
}

export interface SchemaBundle {
  profile: string;
  generatedFrom: Record<string, string>;
  kinds: KindSchema[];
  definitions: Record<string, SchemaNode>;
}
