/**
 * Where a host keeps the studio's API tokens, one per platform address: outside every job folder,
 * in the app's data folder, in a file readable by the user only. The Electron host seals each token
 * with the operating system's secret store (safeStorage, see src/main/electron/safe-storage-secrets.ts);
 * the browser host and the CLI keep them in that user-only file as they are. A token never leaves
 * this module except to build a platform connection: errors here name the file, never its content.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir, PRIVATE_FILE_MODE, writeFileAtomic } from '../lib/atomic';

export interface SecretStore {
  /** How tokens are kept, for the logs ("safeStorage", "user-only file"). */
  readonly kind: string;
  get(key: string): Promise<string | null>;
  set(key: string, secret: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every key holding a secret (to know, without a lookup per call, which platforms have a token). */
  keys(): Promise<string[]>;
}

/** How a secret is written in the file: as is, or sealed by the operating system. */
export interface SecretCodec {
  readonly kind: string;
  seal(secret: string): string;
  open(sealed: string): string;
}

export const PLAIN_CODEC: SecretCodec = {
  kind: 'user-only file',
  seal: (secret) => secret,
  open: (sealed) => sealed,
};

const fileSchema = z.object({
  version: z.literal(1),
  codec: z.string(),
  secrets: z.record(z.string(), z.string()),
});

export class SecretStoreError extends Error {}

/**
 * The secrets file: `{ version, codec, secrets: { key: sealed } }`, rewritten atomically with mode
 * 0600 on every change; changes are applied one at a time so two saves cannot lose each other.
 */
export class SecretFile implements SecretStore {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly codec: SecretCodec = PLAIN_CODEC,
  ) {}

  get kind(): string {
    return this.codec.kind;
  }

  private async read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new SecretStoreError(
        `impossible de lire ${this.file} (${(error as NodeJS.ErrnoException).code})`,
      );
    }
    let parsed: z.infer<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(JSON.parse(text));
    } catch {
      throw new SecretStoreError(
        `${this.file} est illisible : enregistrez à nouveau le jeton dans les réglages`,
      );
    }
    if (parsed.codec !== this.codec.kind)
      throw new SecretStoreError(
        `${this.file} a été écrit autrement (${parsed.codec}) : enregistrez à nouveau le jeton`,
      );
    return parsed.secrets;
  }

  private change(fn: (secrets: Record<string, string>) => void): Promise<void> {
    const run = this.tail.then(async () => {
      const secrets = await this.read().catch((error: unknown) => {
        // An unreadable file would otherwise block every new token: start afresh.
        if (error instanceof SecretStoreError) return {};
        throw error;
      });
      fn(secrets);
      await ensurePrivateDir(path.dirname(this.file));
      await writeFileAtomic(
        this.file,
        `${JSON.stringify({ version: 1, codec: this.codec.kind, secrets })}\n`,
        PRIVATE_FILE_MODE,
      );
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  async get(key: string): Promise<string | null> {
    await this.tail;
    const sealed = (await this.read())[key];
    if (sealed === undefined) return null;
    try {
      return this.codec.open(sealed);
    } catch {
      throw new SecretStoreError(
        `le jeton enregistré pour ${key} ne peut plus être lu : enregistrez-le à nouveau`,
      );
    }
  }

  set(key: string, secret: string): Promise<void> {
    const sealed = this.codec.seal(secret);
    return this.change((secrets) => {
      secrets[key] = sealed;
    });
  }

  delete(key: string): Promise<void> {
    return this.change((secrets) => {
      delete secrets[key];
    });
  }

  async keys(): Promise<string[]> {
    await this.tail;
    return Object.keys(await this.read()).sort();
  }
}

/** The browser host's and the CLI's store: `<dataDir>/platform-secrets.json`, mode 0600. */
export function fileSecretStore(dataDir: string): SecretStore {
  return new SecretFile(path.join(dataDir, 'platform-secrets.json'));
}

/**
 * The key of a platform address: its origin and path, without a trailing slash or anything after
 * `?`/`#`, so "https://ventes.example.fr/" and "https://ventes.example.fr" share one token.
 * Null when the address is not an http(s) URL.
 */
export function platformKey(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username || parsed.password) return null;
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}
