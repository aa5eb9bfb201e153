// Types of tools.mjs, so the TypeScript harness can share the same paths as the plain-node install script.
export declare const CODE_SERVER_VERSION: string;
export declare const CHROMIUM: string;
export declare const APT_PACKAGES: string[];
export declare const RIPGREP_CACHE_VERSIONS: string[];
export declare const RIPGREP_ASSET: string;
export declare function cacheRoot(): string;
export declare function codeServerDir(): string;
export declare function codeServerEntry(): string;
export declare function ripgrepArchivePaths(): string[];
export declare function installedCodeServerVersion(): string | undefined;
export declare function missingTools(): string[];
