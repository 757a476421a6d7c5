/**
 * What a host gives the core, in one typed port: native dialogs and opening files (Electron), the
 * sales platforms (the host's secret store holds the tokens; the local sandbox runs in the host
 * process), and who the core runs for. The core never imports a host; a host fills in what it can and
 * leaves the rest out, and every feature reads its host abilities from here.
 */
import type { HOSTS } from '../../shared/rpc/contract-app';
import type { PlatformAccessPort } from './platform-access/platform-access.port';
import type { PlatformConnection, PlatformResolver } from './publish/platform-gateway';

/** Which host runs the core (decides e.g. whether a native folder dialog exists). */
export type HostKind = (typeof HOSTS)[number];

export interface HostPort {
  /** Native folder picker; absent where the host has none (browser host, CLI). */
  pickFolder?(options: { title: string; defaultPath?: string }): Promise<string | null>;
  /** Native file picker (e.g. a roster file); absent where the host has none (the browser host uploads). */
  pickFile?(options: { title: string; extensions?: string[] }): Promise<string | null>;
  /** Opens a file or folder with the system's default application; absent outside Electron. */
  openPath?(file: string): Promise<void>;
  /** The host's secret store and sandbox behind the « Plateforme de vente » settings. */
  platformAccess?: PlatformAccessPort;
  /**
   * The connection (address and token) of the studio's current publish target, from the host's
   * secret store; absent or null: publishing answers "no platform configured".
   */
  platformTarget?(): Promise<PlatformConnection | null>;
  /** Connection to each platform the jobs published to (retention purge, erasure). */
  platforms?: PlatformResolver;
}

/** Name, version and host of the running core (`app.info`). */
export interface CoreInfo {
  name: string;
  version: string;
  host: HostKind;
  platform: string;
  dataDir: string;
}
