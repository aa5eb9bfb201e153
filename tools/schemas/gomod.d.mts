// Types for gomod.mjs (the pure helpers are unit-tested from TypeScript).
export function run(
  cmd: string,
  args: string[],
  opts?: { cwd?: string; env?: NodeJS.ProcessEnv; check?: boolean },
): Promise<{ code: number; stdout: string; stderr: string }>;
export function goEnv(mode: 'mod' | 'readonly'): NodeJS.ProcessEnv;
export function parseJsonStream(text: string): any[];
export function downloadModules(
  pins: { module: string; version: string; sum?: string }[],
): Promise<Map<string, string>>;
export function requiredVersion(goModText: string, module: string): string | undefined;
export function buildControllerGen(
  pin: { module: string; version: string; package: string },
  toolsDir: string,
  binDir: string,
): Promise<string>;
export function generateCrds(bin: string, moduleDir: string, outDir: string, id: string): Promise<void>;
