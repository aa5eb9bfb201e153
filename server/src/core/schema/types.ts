// The schema format the build step produces from pinned upstream CRDs and OpenAPI specs. It is defined
// once, by the producer (tools/schemas/format.d.ts); the engine reads nothing else.
export type { KindSchema, SchemaBundle, SchemaNode } from '../../../../tools/schemas/format';
