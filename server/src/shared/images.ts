// kustomize `images` entries as the platform compares them, shared by the server (what a cluster folder
// declares) and the client (what a live Flux Kustomization carries), so both sides spell an image alike.

/** kustomize `images` entries as `name:tag` or `name@digest` (the new name when it is renamed), sorted. */
export function imagesOf(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const out: string[] = [];
  for (const i of raw as Record<string, unknown>[]) {
    if (!i || typeof i.name !== 'string') continue;
    const name = typeof i.newName === 'string' ? i.newName : i.name;
    if (typeof i.digest === 'string') out.push(`${name}@${i.digest}`);
    else if (typeof i.newTag === 'string') out.push(`${name}:${i.newTag}`);
  }
  return out.sort();
}
