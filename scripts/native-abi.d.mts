// Types of native-abi.mjs (plain JavaScript so that it runs before anything is built).
export type Probe = { ok: true } | { ok: false; message: string };
export function abiMismatch(message: string): { compiledFor: number; required: number } | null;
export function binaryMissing(message: string): boolean;
export function probeBetterSqlite(cwd?: string): Probe;
export function electronAbi(electronDir: string): number | undefined;
export const NODE_MAJOR_OF_ABI: Readonly<Record<number, number>>;
export function runtimeOfAbi(abi: number, electron?: { abi?: number; version?: string }): string;
export function needsElectronRebuild(probe: Probe, abiOfElectron: number | undefined): boolean;
export function needsNodeRebuild(probe: Probe): boolean;
export function rebuildReason(
  probe: Probe,
  facts?: { nodeVersion?: string; electron?: { abi?: number; version?: string } },
): string | undefined;
export function headersVersion(dir: string | undefined): string | undefined;
export function chooseNodedir(facts?: {
  nodeVersion?: string;
  execPath?: string;
  configured?: string;
  prefix?: string;
  versionOf?: (dir: string) => string | undefined;
}): { nodedir: string; version: string | undefined; configuredWrong: string | undefined };
