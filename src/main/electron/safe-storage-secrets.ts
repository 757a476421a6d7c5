/**
 * The Electron host's token store: each token sealed by the operating system's secret store through
 * Electron's `safeStorage` (Keychain on macOS, DPAPI on Windows, the desktop keyring on Linux), and
 * only the sealed bytes written to a user-only file in the app's data folder. Where the system offers
 * no encryption (a Linux session without a keyring), tokens stay in the user-only file as the browser
 * host keeps them, and the log says so. `safeStorage` is handed in by main.ts (tests use a stand-in).
 */
import path from 'node:path';
import type { SafeStorage } from 'electron';
import type { Logger } from '../lib/logger';
import { fileSecretStore, SecretFile, type SecretCodec, type SecretStore } from '../host/secret-store';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>;

export function safeStorageCodec(safe: SafeStorageLike): SecretCodec {
  return {
    kind: 'safeStorage',
    seal: (secret) => safe.encryptString(secret).toString('base64'),
    open: (sealed) => safe.decryptString(Buffer.from(sealed, 'base64')),
  };
}

/** Call after the app is ready (safeStorage answers only then). */
export function safeStorageSecretStore(dataDir: string, safe: SafeStorageLike, logger: Logger): SecretStore {
  if (!safe.isEncryptionAvailable()) {
    logger.warn(
      'safeStorage unavailable (no system keyring): platform tokens are kept in a user-only file instead',
    );
    return fileSecretStore(dataDir);
  }
  return new SecretFile(path.join(dataDir, 'platform-secrets.sealed.json'), safeStorageCodec(safe));
}
