/**
 * What the core needs from its host to reach the sales platforms: the API tokens live in the host's
 * secret store (Electron's safeStorage, or a user-only file) and the local sandbox runs in the host
 * process, so the core only sees this port. The host implementation is src/main/host/platform-access.ts.
 */
import type { PublishTarget } from '../../../shared/domain/settings';
import type { ConnectionTestResult } from '../../../shared/rpc/contract-platform-access';

export interface PlatformAccessPort {
  /** Whether a token is stored for this platform address. */
  tokenSet(url: string): Promise<boolean>;
  saveToken(url: string, token: string): Promise<void>;
  forgetToken(url: string): Promise<void>;
  /** Address of the local sandbox when it runs in this process, else null. */
  sandboxUrl(): string | null;
  /** Pings the platform of `target` with its stored token (starting the sandbox if needed). */
  test(target: PublishTarget): Promise<ConnectionTestResult>;
}
