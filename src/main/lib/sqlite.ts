/**
 * Opening a SQLite database the way every Préau database is opened: WAL, foreign keys on, a busy
 * timeout, and versioned, append-only migrations. The schema version lives in `PRAGMA user_version`;
 * each applied migration is also recorded with a checksum so an edited (instead of appended)
 * migration is caught in development. A database written by a newer app version is refused
 * before anything is written to it.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { PRIVATE_FILE_MODE } from './atomic';
import { AppError, fsErrorToAppError } from './errors';

export type Db = Database.Database;

/**
 * Moves the WAL's committed pages into the database file without waiting for readers (a durability
 * barrier before a card is declared safe).
 */
export function walCheckpoint(db: Db): void {
  db.pragma('wal_checkpoint(PASSIVE)');
}

/** A repository over one database, built from its connection. */
/**
 * Statements compiled once per connection and reused by their text: for a repository that writes
 * thousands of rows in a run (an order sync, an upload's lookups per file).
 */
export function statementCache(db: Db): (sql: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}

export type RepositoryClass<T> = new (db: Db) => T;

const repositories = new WeakMap<Db, Map<RepositoryClass<unknown>, unknown>>();

/**
 * The one instance of a repository for this connection, made on first use and kept as long as the
 * connection lives (its prepared statements with it): code handed a bare connection (a student-data
 * owner, a migration check) gets the same instance as `job.repo(Ctor)`.
 */
export function repoOf<T>(db: Db, kind: RepositoryClass<T>): T {
  let byKind = repositories.get(db);
  if (byKind === undefined) {
    byKind = new Map();
    repositories.set(db, byKind);
  }
  let repo = byKind.get(kind) as T | undefined;
  if (repo === undefined) {
    repo = new kind(db);
    byKind.set(kind, repo);
  }
  return repo;
}

export interface Migration {
  /** 1, 2, 3… in order, never reused. */
  version: number;
  name: string;
  sql: string;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex').slice(0, 16);
}

/** Throws when the list is not 1..n in order: a migration list is append-only. */
export function assertMigrationsWellFormed(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}

function translateOpenError(error: unknown, file: string): never {
  const fsError = fsErrorToAppError(error, file);
  if (fsError) throw fsError;
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY_DIRECTORY')
    throw new AppError('read_only', { path: file }, { cause: error });
  if (code === 'SQLITE_FULL') throw new AppError('disk_full', { path: file }, { cause: error });
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    throw new AppError('db_corrupt', { path: file, reason: code }, { cause: error });
  throw error;
}

export interface OpenOptions {
  /** Refuse to create the file when it does not exist. */
  mustExist?: boolean;
}

/** Opens (or creates) the database at `file` and brings it to the latest schema. */
/**
 * Creates a missing database file readable by the user only before SQLite opens it: SQLite would
 * create it with the process umask (often world-readable), and gives its -wal and -shm files the
 * database file's mode. Any failure is left for the open itself to report.
 */
function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch {
    // Already there, or the folder is missing or read-only: the open reports it properly.
  }
}

export function openDatabase(file: string, migrations: readonly Migration[], options: OpenOptions = {}): Db {
  assertMigrationsWellFormed(migrations);
  if (!(options.mustExist ?? false) && file !== ':memory:') createPrivateFile(file);
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: options.mustExist ?? false });
  } catch (error) {
    translateOpenError(error, file);
  }
  try {
    const known = latestVersion(migrations);
    // Read the version before any write, so a newer database is left exactly as it was.
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found > known) throw new AppError('db_too_new', { path: file, found, known });
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // NORMAL is durable in WAL mode except for the last transactions on power loss; ingest and
    // other irreplaceable writes fsync their files themselves.
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations, found);
    return db;
  } catch (error) {
    db.close();
    translateOpenError(error, file);
  }
}

function migrate(db: Db, migrations: readonly Migration[], from: number): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = db.prepare('SELECT version, name, checksum FROM schema_migration').all() as {
    version: number;
    name: string;
    checksum: string;
  }[];
  for (const row of applied) {
    const m = migrations[row.version - 1];
    if (m && checksum(m.sql) !== row.checksum)
      throw new Error(
        `Migration ${row.version} (${row.name}) was edited after being applied; append a new one instead`,
      );
  }
  const record = db.prepare(
    'INSERT INTO schema_migration (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  for (const m of migrations.slice(from)) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, checksum(m.sql), new Date().toISOString());
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
