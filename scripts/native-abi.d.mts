// Types of native-abi.mjs (plain JavaScript so that it runs before anything is built).
export type Probe = { ok: true } | { ok: false; message: string };
export function abiMismatch(message: string): { compiledFor: number; required: number } | null;
export function probeBetterSqlite(cwd?: string): Probe;
export function electronAbi(electronDir: string): number | undefined;
export function needsElectronRebuild(probe: Probe, abiOfElectron: number | undefined): boolean;
export function needsNodeRebuild(probe: Probe): boolean;
