// The line an apiVersion hover adds for Flux and ESO kinds: which release's schemas check this file, and why
// ("ESO 1.3 (v1.3.2) — from the HelmRelease external-secrets, chart 1.3.1 (cluster production)").
import type { ServiceContext } from '../context';
import { releaseLabel, type ComponentChoice } from '../schema/profileChoice';
import type { Component } from '../schema/profiles';

/** The component whose release decides a group's schemas; undefined for groups no profile varies. */
export function componentOfGroup(group: string): Component | undefined {
  if (group.endsWith('external-secrets.io')) return 'eso';
  if (group.endsWith('.fluxcd.io') && group !== 'fluxcd.controlplane.io') return 'flux';
  return undefined;
}

const FIT_NOTE: Record<NonNullable<ComponentChoice['fit']>, string> = {
  match: '',
  newer: ' That version is newer than every profile here, so the newest is used.',
  older: ' That version is older than every profile here, so the oldest is used.',
  between: ' No profile has that release; the nearest older one is used.',
};

export function profileSection(ctx: ServiceContext, uri: string, group: string): string | undefined {
  const component = componentOfGroup(group);
  const choice = component ? ctx.profileOf(uri)?.[component] : undefined;
  if (!choice) return undefined;
  return `Schemas: **${releaseLabel(choice.release)}** — ${choice.why}.${FIT_NOTE[choice.fit ?? 'match']}`;
}
