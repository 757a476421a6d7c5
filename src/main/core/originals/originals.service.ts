/**
 * « Vérifier les originaux »: months after the shoot (when prints are made, before a backup is
 * purged), every registered copy of every file is read back — uncached, with the same code that
 * verified it at ingest (`readBackHash`) — and compared with the SHA-256 recorded then. Bit rot, a
 * failing disk or a bad copy to a NAS shows up here, named file by file.
 *
 * A damaged or missing copy is repaired only when asked (the UI asks for a confirmation, the CLI
 * wants `--repair`), and only from an intact copy of the same file: the intact copy is copied with
 * the ingest's `copyAndVerify` (write, fsync, uncached read-back) into the folder's staging area,
 * its hash checked against the recorded one, then renamed over the bad copy in one step. A copy
 * with no intact twin is reported, never "repaired" from something unproven. A backup folder that
 * is not there (drive unplugged) is reported as not checked, never recreated.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import type { CopyIssue, OriginalsReport } from '../../../shared/domain/originals';
import { AppError } from '../../lib/errors';
import { ensurePrivateDir, fsyncDir } from '../../lib/atomic';
import type { OpenJob } from '../jobs/job-folder';
import { copyAndVerify, readBackHash } from '../ingest/copy-verify';
import { OriginalsRepository, type RegisteredFile } from './originals.repository';

export interface CheckProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Megabytes per second read (and written, when repairing) since the check started. */
  mbPerSecond: number;
}

export interface CheckOptions {
  repair: boolean;
  signal?: AbortSignal;
  onProgress?: (p: CheckProgress) => void;
  /** Resume: files already checked by an earlier run of the same task (their outcome is in the database). */
  done?: ReadonlySet<string>;
  /** Called in the transaction that records a file's outcome (a task marks its step there). */
  markChecked?: (item: string) => void;
  /** Copies repaired by an earlier run of the same task (`fileId#copyIndex`), and the recorder of new ones. */
  repairedBefore?: ReadonlySet<string>;
  markRepaired?: (item: string) => void;
  /** Only these copies (e.g. the backup copies a purge is about to delete); all when absent. */
  only?: ReadonlySet<string>;
}

type CopyState = 'ok' | 'damaged' | 'missing' | 'unreachable';

const exists = (p: string) =>
  fsp.access(p).then(
    () => true,
    () => false,
  );

export class OriginalsService {
  constructor(private readonly concurrency = 2) {}

  async check(job: OpenJob, options: CheckOptions): Promise<OriginalsReport> {
    const repo = job.repo(OriginalsRepository);
    const originalsDir = path.resolve(job.paths.folder('originals'));
    const locationOf = (copy: string): CopyIssue['location'] =>
      path.dirname(path.resolve(copy)) === originalsDir ? 'job' : 'backup';
    const files = repo
      .registeredFiles()
      .map((f) =>
        options.only ? { ...f, destinations: f.destinations.filter((d) => options.only!.has(d)) } : f,
      )
      .filter((f) => f.destinations.length > 0);
    const bytesTotal = files.reduce((n, f) => n + f.size * f.destinations.length, 0);
    const started = performance.now();
    let bytesDone = 0;
    let filesDone = 0;
    const report: OriginalsReport = {
      checkedAt: new Date().toISOString(),
      repair: options.repair,
      files: files.length,
      copies: 0,
      bytes: 0,
      intact: 0,
      damaged: [],
      repaired: [],
      unreachable: [],
    };
    const unreachable = new Map<string, number>();
    const progress = () => {
      const seconds = (performance.now() - started) / 1000;
      options.onProgress?.({
        filesDone,
        filesTotal: files.length,
        bytesDone,
        bytesTotal,
        mbPerSecond: seconds > 0 ? bytesDone / 1e6 / seconds : 0,
      });
    };
    const issue = (f: RegisteredFile, copy: string, state: 'damaged' | 'missing', repairable: boolean) => ({
      file: f.finalName ?? f.relPath,
      copy,
      location: locationOf(copy),
      state,
      repairable,
    });
    const folderThere = new Map<string, Promise<boolean>>();
    const reachable = (copy: string) => {
      const dir = path.dirname(copy);
      if (!folderThere.has(dir)) folderThere.set(dir, exists(dir));
      return folderThere.get(dir)!;
    };

    const checkOne = async (f: RegisteredFile): Promise<void> => {
      options.signal?.throwIfAborted();
      const item = String(f.id);
      if (options.done?.has(item)) {
        // Checked before a kill or a close: its outcome is what the database says now.
        const bad = new Set(f.missing);
        for (const [i, d] of f.destinations.entries()) {
          if (options.repairedBefore?.has(`${item}#${i}`)) report.repaired.push(issue(f, d, 'damaged', true));
          if (bad.has(d)) report.damaged.push(issue(f, d, 'damaged', false));
          else report.intact += 1;
        }
        report.copies += f.destinations.length;
        bytesDone += f.size * f.destinations.length;
        filesDone += 1;
        progress();
        return;
      }
      const states: CopyState[] = [];
      for (const d of f.destinations) {
        if (!(await reachable(d))) {
          states.push('unreachable');
          continue;
        }
        states.push(await this.state(d, f.sha256));
        bytesDone += f.size;
        progress();
      }
      const intact = f.destinations.filter((_, i) => states[i] === 'ok');
      const stillBad: string[] = [];
      const repairedNow: { index: number; copy: string; state: 'damaged' | 'missing' }[] = [];
      for (const [i, d] of f.destinations.entries()) {
        const s = states[i]!;
        if (s === 'ok' || s === 'unreachable') continue;
        if (options.repair && intact.length > 0) {
          options.signal?.throwIfAborted();
          const fixed = await this.repairFrom(intact[0]!, d, f);
          bytesDone += fixed ? f.size * 2 : 0;
          if (fixed) {
            repairedNow.push({ index: i, copy: d, state: s });
            continue;
          }
        }
        stillBad.push(d);
      }
      repo.transaction(() => {
        // A copy left unchecked (its drive unplugged) keeps what an earlier check said about it.
        const unchecked = f.missing.filter((m) => states[f.destinations.indexOf(m)] === 'unreachable');
        repo.setDamaged(f.id, [...stillBad, ...unchecked]);
        for (const r of repairedNow) options.markRepaired?.(`${item}#${r.index}`);
        options.markChecked?.(item);
      });
      for (const [i, d] of f.destinations.entries()) {
        const s = states[i]!;
        if (s === 'unreachable') {
          unreachable.set(path.dirname(d), (unreachable.get(path.dirname(d)) ?? 0) + 1);
          continue;
        }
        report.copies += 1;
        if (s === 'ok') report.intact += 1;
      }
      for (const r of repairedNow) report.repaired.push(issue(f, r.copy, r.state, true));
      for (const d of stillBad)
        report.damaged.push(
          issue(f, d, states[f.destinations.indexOf(d)] as 'damaged' | 'missing', intact.length > 0),
        );
      filesDone += 1;
      progress();
    };

    const limit = pLimit(this.concurrency);
    await Promise.all(files.map((f) => limit(() => checkOne(f))));
    report.bytes = bytesDone;
    report.unreachable = [...unreachable.entries()].map(([folder, copies]) => ({ folder, copies }));
    const byName = (a: CopyIssue, b: CopyIssue) =>
      a.file.localeCompare(b.file) || a.copy.localeCompare(b.copy);
    report.damaged.sort(byName);
    report.repaired.sort(byName);
    return report;
  }

  /**
   * The check other features call before they rely on the originals (a production run) or delete
   * a copy (a purge of a backup): the same read-back, without repair. Throws `originals_damaged`
   * when a copy is damaged or missing, so the caller stops and the user is sent to « Vérifier les
   * originaux »; returns the report otherwise (unplugged backups are in it, not an error).
   */
  async ensureIntact(job: OpenJob, only?: ReadonlySet<string>): Promise<OriginalsReport> {
    const report = await this.check(job, { repair: false, ...(only ? { only } : {}) });
    if (report.damaged.length > 0)
      throw new AppError('originals_damaged', {
        count: report.damaged.length,
        files: report.damaged
          .slice(0, 5)
          .map((d) => d.file)
          .join(', '),
      });
    return report;
  }

  /** One uncached read of a copy against its recorded hash. */
  private async state(copy: string, sha256: string): Promise<CopyState> {
    try {
      return (await readBackHash(copy)).sha256 === sha256 ? 'ok' : 'damaged';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'damaged';
    }
  }

  /**
   * Copies the intact copy over the bad one through the folder's staging area: verified on the
   * way (write, fsync, uncached read-back) and against the recorded hash, then renamed in one step.
   */
  private async repairFrom(intact: string, bad: string, f: RegisteredFile): Promise<boolean> {
    const staging = path.join(path.dirname(bad), '.incoming');
    try {
      await ensurePrivateDir(staging);
      const copy = await copyAndVerify(intact, f.size, [staging]);
      if (copy.sha256 !== f.sha256) {
        await fsp.rm(copy.temps[0]!, { force: true });
        return false; // the "intact" copy changed while being read: nothing proven, nothing replaced
      }
      await fsp.rename(copy.temps[0]!, bad);
      await fsyncDir(path.dirname(bad));
      return true;
    } catch {
      return false; // stays reported as damaged, with the folder's own problem for the next check
    }
  }
}
