/**
 * Re-check of a card seen before: every copy registered for its files is read back and hashed as the
 * first ingest verified it; a missing or damaged copy is copied again from the card (one read of the
 * card for all of its copies), verified, and put in place by a rename over it. What cannot be
 * repaired (the card no longer holds the file, its folder is unplugged, the bytes changed) is
 * recorded: the manifest stops claiming that copy, and the card is not declared safe to format.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { IngestParams } from '../../../shared/domain/ingest';
import type { Language } from '../../../shared/domain/settings';
import type { MessageKey } from '../../../shared/i18n';
import { ensurePrivateDir, fsyncDir } from '../../lib/atomic';
import { isDiskFull, toRpcError } from '../../lib/errors';
import type { TaskContext } from '../tasks/task-runner';
import { copyAndVerify, FileCopyError, readBackHash, type CopyHooks, type VerifyMode } from './copy-verify';
import { destinationFatal, destinationIndex, type Destinations } from './destinations';
import type { CardFileRecord, CardManifestRepository } from './card-manifest.repository';
import type { SourceFile } from './source-scanner';

/** What a re-check needs of the ingest run it belongs to. */
export interface RecheckRun {
  ctx: TaskContext<IngestParams>;
  cards: CardManifestRepository;
  lang: Language;
  copyHooks?: CopyHooks;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** Bytes read or written (progress). */
  onBytes(n: number): void;
  /** Bytes added to the run's total (a repair reads the card's file once more). */
  addBytesTotal(n: number): void;
  /** A destination ran out of space: the run stops with one message. */
  diskFull(destinationIndex: number): void;
  /** The run is stopping (a fatal error, or the card was taken out): checks left are not done. */
  stopped(): boolean;
}

/**
 * The copies of one file's bytes to check again: the row holding them (the file itself, or the
 * first copy of a duplicate), the rows of this card they stand for, and the files on the card that
 * hold the same bytes, to repair from.
 */
export interface RecheckGroup {
  holder: CardFileRecord;
  rows: CardFileRecord[];
  sources: SourceFile[];
}

type CopyState = { state: 'ok'; mode: VerifyMode } | { state: 'missing' | 'damaged' };

const exists = (p: string) =>
  fsp.access(p).then(
    () => true,
    () => false,
  );

/** The registered copies to check again before any verdict on a card seen before. */
export function recheckGroups(
  run: Pick<RecheckRun, 'ctx' | 'cards'>,
  known: { file: SourceFile | null; row: CardFileRecord }[],
): RecheckGroup[] {
  const done = run.ctx.doneItems('rechecked');
  const groups = new Map<number, RecheckGroup>();
  for (const { file, row } of known) {
    // Verified by this very task (resumed after a kill): those copies were just read back.
    if (row.taskId === run.ctx.taskId || !row.sha256 || done.has(row.relPath)) continue;
    const holder = row.status === 'verified' ? row : run.cards.holderOf(row.sha256);
    // Nothing registered: not placed yet (this run places it from its staged copy), or purged
    // or erased on purpose (a re-read card must not bring it back).
    if (!holder || holder.destinations.length === 0) continue;
    const group = groups.get(holder.id) ?? { holder, rows: [], sources: [] };
    group.rows.push(row);
    if (file) group.sources.push(file);
    groups.set(holder.id, group);
  }
  return [...groups.values()];
}

/** One read of a registered copy, uncached like the first verification. */
async function checkCopy(file: string, sha256: string): Promise<CopyState> {
  try {
    const back = await readBackHash(file);
    return back.sha256 === sha256 ? { state: 'ok', mode: back.mode } : { state: 'damaged' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { state: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'damaged' };
  }
}

/**
 * Checks every registered copy of one file's bytes; a missing or damaged one is copied again from
 * the card (one read of the card for all of them), verified, and put in its place. What cannot be
 * repaired is recorded: the manifest stops claiming that copy and the card is not safe.
 */
export async function recheck(run: RecheckRun, group: RecheckGroup, dest: Destinations): Promise<boolean> {
  if (run.stopped()) return false; // left unchecked: the verdict says so
  const { holder } = group;
  const places = holder.destinations;
  const states = await Promise.all(places.map((p) => checkCopy(p, holder.sha256!)));
  run.onBytes(holder.size * places.length);
  const bad = places.filter((_, i) => states[i]!.state !== 'ok');
  const ids = [...new Set([holder.id, ...group.rows.map((r) => r.id)])];
  const modes = states.flatMap((s) => (s.state === 'ok' ? [s.mode] : []));
  let outcome: { missing: string[]; reason: string | null; repaired: boolean; mode: VerifyMode | null };
  if (bad.length === 0) {
    outcome = {
      missing: [],
      reason: null,
      repaired: false,
      mode: modes.includes('cached') ? 'cached' : 'direct',
    };
  } else {
    const repaired = await repair(run, group, bad, states, places, dest);
    if (repaired === null) return false; // the destination is full: the task stops, this file unchecked
    outcome = repaired;
  }
  run.cards.transaction(() => {
    run.cards.setCheckOutcome(ids, outcome.missing, outcome.reason, outcome.mode);
    for (const row of group.rows) {
      run.ctx.markStepDone(row.relPath, 'rechecked');
      if (outcome.repaired) run.ctx.markStepDone(row.relPath, 'repaired');
    }
  });
  return true;
}

async function repair(
  run: RecheckRun,
  group: RecheckGroup,
  bad: string[],
  states: CopyState[],
  places: string[],
  dest: Destinations,
): Promise<{
  missing: string[];
  reason: string | null;
  repaired: boolean;
  mode: VerifyMode | null;
} | null> {
  const { holder } = group;
  const what = bad.map((p) =>
    run.t(
      states[places.indexOf(p)]!.state === 'missing' ? 'ingest.recheck.missing' : 'ingest.recheck.damaged',
      {
        dest: path.dirname(p),
      },
    ),
  );
  const failed = (detail: string, missing = bad) => ({
    missing,
    reason: run.t('ingest.recheck.notRepaired', { what: what.join(' ; '), detail }),
    repaired: false,
    mode: null,
  });
  // Where each bad copy can be written again: a destination of this run, or its registered folder
  // when that folder is still there (a drive that is not plugged in is never recreated).
  const targets: { place: string; staging: string; index: number | undefined }[] = [];
  const unreachable: string[] = [];
  for (const place of bad) {
    const folder = path.dirname(place);
    const i = dest.finals.indexOf(folder);
    if (i >= 0) targets.push({ place, staging: dest.staging[i]!, index: i });
    else if (await exists(folder))
      targets.push({ place, staging: path.join(folder, '.incoming'), index: undefined });
    else unreachable.push(place);
  }
  const source = group.sources[0];
  if (!source) return failed(run.t('ingest.recheck.noCard'));
  if (targets.length === 0)
    return failed(run.t('ingest.recheck.unreachable', { dest: path.dirname(unreachable[0]!) }));
  let copy;
  try {
    for (const t of targets) if (t.index === undefined) await ensurePrivateDir(t.staging);
    run.addBytesTotal(source.size);
    copy = await copyAndVerify(
      source.absPath,
      source.size,
      targets.map((t) => t.staging),
      {
        signal: run.ctx.signal,
        ...(run.copyHooks ? { hooks: run.copyHooks } : {}),
        onBytes: (n) => run.onBytes(n),
      },
    );
  } catch (error) {
    if (run.ctx.signal.aborted) throw error;
    if (error instanceof FileCopyError) return failed(run.t(error.reasonKey, error.params));
    return repairDestinationFailed(run, error, targets, dest, failed);
  }
  if (copy.sha256 !== holder.sha256) {
    await Promise.all(copy.temps.map((t) => fsp.rm(t, { force: true })));
    return failed(run.t('ingest.recheck.cardChanged'));
  }
  try {
    // A damaged copy is replaced in one step (rename over it): never a moment without a whole file.
    for (const [i, t] of targets.entries()) await fsp.rename(copy.temps[i]!, t.place);
    await Promise.all(
      [...new Set(targets.flatMap((t) => [path.dirname(t.place), t.staging]))].map((d) => fsyncDir(d)),
    );
  } catch (error) {
    await Promise.all(copy.temps.map((t) => fsp.rm(t, { force: true }).catch(() => undefined)));
    return repairDestinationFailed(run, error, targets, dest, failed);
  }
  if (unreachable.length > 0)
    return failed(run.t('ingest.recheck.unreachable', { dest: path.dirname(unreachable[0]!) }), unreachable);
  return {
    missing: [],
    reason: run.t('ingest.recheck.repaired', { what: what.join(' ; ') }),
    repaired: true,
    mode: copy.verifyMode,
  };
}

/** A repair that could not be written: a full disk stops the run (null), anything else fails this file. */
function repairDestinationFailed<T>(
  run: RecheckRun,
  error: unknown,
  targets: { index: number | undefined }[],
  dest: Destinations,
  failed: (detail: string) => T,
): T | null {
  const index = targets.find((t) => t.index !== undefined)?.index;
  if (isDiskFull(error)) {
    run.diskFull(destinationIndex(error, dest, index));
    return null;
  }
  const clear = destinationFatal(error, dest, index);
  if (!clear) throw error;
  return failed(toRpcError(clear, run.lang, () => {}).message);
}
