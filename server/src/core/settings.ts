// Typed settings: defaults, then the editor's `fluxGitops.*` settings, then the workspace's shared
// `.flux-gitops.yaml`. Read in one place and passed down; never stored in a global.
import { parse } from 'yaml';

export type Severity = 'error' | 'warning' | 'info' | 'hint' | 'off';

export interface ExternalObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly reason?: string;
}

export interface PlatformSettings {
  readonly enabled: boolean;
  /** Base URL of the Sovereign's Gitea, e.g. https://gitea.example.com. */
  readonly giteaUrl?: string;
  /** Cluster folder name -> environment; clusters not listed are guessed from their name. */
  readonly environments: Readonly<Record<string, 'staging' | 'production'>>;
  readonly rules: Readonly<Record<string, Severity>>;
}

export interface Settings {
  readonly profile: string;
  readonly exclude: readonly string[];
  readonly severities: Readonly<Record<string, Severity>>;
  readonly external: readonly ExternalObject[];
  readonly platform: PlatformSettings;
  readonly maxFileBytes: number;
}

export const CONFIG_FILE = '.flux-gitops.yaml';

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  profile: 'flux-2.9',
  exclude: ['**/node_modules/**', '**/.git/**', '**/charts/**/templates/**'],
  severities: {},
  external: [],
  platform: { enabled: false, environments: {}, rules: {} },
  maxFileBytes: 8 * 1024 * 1024,
});

export interface SettingsLayer {
  profile?: string;
  exclude?: string[];
  severities?: Record<string, Severity>;
  external?: ExternalObject[];
  platform?: Partial<PlatformSettings>;
  maxFileBytes?: number;
}

export function mergeSettings(base: Settings, ...layers: (SettingsLayer | undefined)[]): Settings {
  let out = base;
  for (const layer of layers) {
    if (!layer) continue;
    out = {
      profile: layer.profile ?? out.profile,
      exclude: [...out.exclude, ...(layer.exclude ?? [])],
      severities: { ...out.severities, ...(layer.severities ?? {}) },
      external: [...out.external, ...(layer.external ?? [])],
      platform: {
        enabled: layer.platform?.enabled ?? out.platform.enabled,
        giteaUrl: layer.platform?.giteaUrl ?? out.platform.giteaUrl,
        environments: { ...out.platform.environments, ...(layer.platform?.environments ?? {}) },
        rules: { ...out.platform.rules, ...(layer.platform?.rules ?? {}) },
      },
      maxFileBytes: layer.maxFileBytes ?? out.maxFileBytes,
    };
  }
  return out;
}

const TOP_KEYS = ['profile', 'exclude', 'rules', 'external', 'platform'];
const PLATFORM_KEYS = ['enabled', 'giteaUrl', 'environments', 'rules'];

function unknownKeys(raw: Record<string, unknown>, known: string[], prefix: string, problems: string[]): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) problems.push(`${CONFIG_FILE}: unknown setting ${prefix}${key} (known: ${known.join(', ')}).`);
  }
}

const SEVERITIES = new Set<Severity>(['error', 'warning', 'info', 'hint', 'off']);

/** Reads `.flux-gitops.yaml`. Problems are returned as messages; a broken file never breaks the server. */
export function parseConfigFile(text: string): { layer: SettingsLayer; problems: string[] } {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 50 });
  } catch (err) {
    return { layer: {}, problems: [`${CONFIG_FILE}: ${(err as Error).message.split('\n')[0]}`] };
  }
  if (raw === null || raw === undefined) return { layer: {}, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { layer: {}, problems: [`${CONFIG_FILE}: expected a mapping at the top.`] };
  const r = raw as Record<string, unknown>;
  unknownKeys(r, TOP_KEYS, '', problems);
  if (r.platform && typeof r.platform === 'object') unknownKeys(r.platform as Record<string, unknown>, PLATFORM_KEYS, 'platform.', problems);
  const layer: SettingsLayer = {};
  if (typeof r.profile === 'string') layer.profile = r.profile;
  if (Array.isArray(r.exclude)) layer.exclude = r.exclude.filter((e): e is string => typeof e === 'string');
  layer.severities = severities(r.rules, problems, 'rules');
  if (Array.isArray(r.external)) layer.external = r.external.flatMap((e) => externalObject(e, problems));
  if (r.platform && typeof r.platform === 'object') layer.platform = platform(r.platform as Record<string, unknown>, problems);
  return { layer, problems };
}

function severities(raw: unknown, problems: string[], where: string): Record<string, Severity> {
  const out: Record<string, Severity> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [code, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value === 'string' && SEVERITIES.has(value as Severity)) out[code] = value as Severity;
    else problems.push(`${CONFIG_FILE}: ${where}.${code} must be one of error, warning, info, hint, off.`);
  }
  return out;
}

function externalObject(raw: unknown, problems: string[]): ExternalObject[] {
  if (!raw || typeof raw !== 'object') return [];
  const e = raw as Record<string, unknown>;
  if (typeof e.kind !== 'string' || typeof e.name !== 'string') {
    problems.push(`${CONFIG_FILE}: each external entry needs a kind and a name.`);
    return [];
  }
  return [{ kind: e.kind, name: e.name, namespace: typeof e.namespace === 'string' ? e.namespace : undefined, reason: typeof e.reason === 'string' ? e.reason : undefined }];
}

function platform(raw: Record<string, unknown>, problems: string[]): Partial<PlatformSettings> {
  const envs: Record<string, 'staging' | 'production'> = {};
  if (raw.environments && typeof raw.environments === 'object') {
    for (const [cluster, env] of Object.entries(raw.environments as Record<string, unknown>)) {
      if (env === 'staging' || env === 'production') envs[cluster] = env;
      else problems.push(`${CONFIG_FILE}: platform.environments.${cluster} must be staging or production.`);
    }
  }
  return {
    enabled: typeof raw.enabled === 'boolean' ? raw.enabled : undefined,
    giteaUrl: typeof raw.giteaUrl === 'string' ? raw.giteaUrl : undefined,
    environments: envs,
    rules: severities(raw.rules, problems, 'platform.rules'),
  };
}
