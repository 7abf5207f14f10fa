/** True when console/dist is missing or any source changed after it was built. */
export function consoleBuildStale(): boolean;
/** Builds the console (Vite) when stale, or always with force; answers whether it built. */
export function ensureConsoleBuild(options?: { force?: boolean }): Promise<boolean>;
