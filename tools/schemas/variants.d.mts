// Types for variants.mjs (unit-tested from TypeScript).
import type { SchemaBundle, VariantProfile } from './format.js';

export function dedupeVariants(
  bases: Map<string, SchemaBundle>,
  variants: { id: string; spec: { variantOf: string; replaces: string[]; description: string }; bundle: SchemaBundle }[],
): { variants: VariantProfile[]; stored: number; shared: number };
