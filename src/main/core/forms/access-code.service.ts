/**
 * Issuing, finding and revoking access codes. Codes are drawn from node:crypto (a CSPRNG), recorded
 * in the studio-wide registry first — its primary key is what makes a code unique in the studio, and
 * a code in it is never drawn again, even once revoked — then stored per owner in the job database,
 * which is what keeps a student's code the same every time the forms are regenerated.
 */
import { createHmac, randomBytes as cryptoRandomBytes } from 'node:crypto';
import { checkCode, generateCode, type CodeProblem } from '../../../shared/domain/access-code';
import { repoOf, type Db } from '../../lib/sqlite';
import { AppError } from '../../lib/errors';
import {
  AccessCodeRegistryRepository,
  AccessCodeRepository,
  type CodeOwnerKind,
  type CodeRow,
} from './access-code.repository';

export type { CodeOwnerKind };

export interface CodeOwner {
  kind: CodeOwnerKind;
  /** One student, or the linked siblings (sorted). */
  studentIds: string[];
}

export interface IssuedCode extends CodeOwner {
  code: string;
  issuedAt: string;
  revokedAt: string | null;
}

export function ownerKey(owner: CodeOwner): string {
  const ids = [...owner.studentIds].sort();
  return owner.kind === 'family' ? `family:${ids.join('+')}` : `student:${ids[0] ?? ''}`;
}

const toIssued = (r: CodeRow): IssuedCode => ({
  code: r.code,
  kind: r.kind,
  studentIds: JSON.parse(r.student_ids) as string[],
  issuedAt: r.issued_at,
  revokedAt: r.revoked_at,
});

export class AccessCodeService {
  constructor(
    /** The studio index connection (holds `access_code_registry`). */
    private readonly registry: Db,
    private readonly random: (n: number) => Uint8Array = cryptoRandomBytes,
  ) {}

  /** A code no one in the studio has ever had, reserved for `jobId`. */
  private draw(jobId: string, at: string): string {
    const registry = repoOf(this.registry, AccessCodeRegistryRepository);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const code = generateCode(this.random);
      if (registry.reserve(code, jobId, at)) return code;
    }
    // 29^14 codes: a hundred collisions in a row means the random source is broken, not bad luck.
    throw new Error('Access code space exhausted: the random source is not random');
  }

  /**
   * The live code of each owner, issuing one where there is none yet (first build, or after a
   * revocation). Existing codes are returned unchanged: regenerating forms never changes a code.
   */
  ensure(jobDb: Db, jobId: string, owners: readonly CodeOwner[]): Map<string, string> {
    const live = new Map(
      repoOf(jobDb, AccessCodeRepository)
        .live()
        .map((r) => [r.owner_key, r.code]),
    );
    const missing = owners.filter((o) => !live.has(ownerKey(o)));
    if (missing.length > 0) {
      const at = new Date().toISOString();
      // Reserve in the registry in one transaction, then store in the job in one transaction. A crash
      // in between leaves reserved codes unused: harmless, they are simply never issued.
      const drawn = repoOf(this.registry, AccessCodeRegistryRepository).inTransaction(() =>
        missing.map(() => this.draw(jobId, at)),
      );
      repoOf(jobDb, AccessCodeRepository).insertMany(
        missing.map((o, i) => ({
          code: drawn[i]!,
          ownerKey: ownerKey(o),
          kind: o.kind,
          studentIds: JSON.stringify([...o.studentIds].sort()),
          issuedAt: at,
        })),
      );
      missing.forEach((o, i) => live.set(ownerKey(o), drawn[i]!));
    }
    return new Map(owners.map((o) => [ownerKey(o), live.get(ownerKey(o))!]));
  }

  /**
   * The live code of each owner without issuing any: an owner with none gets a stand-in drawn for
   * this call only (neither reserved in the registry nor stored), for previews that must not write.
   */
  peek(jobDb: Db, owners: readonly CodeOwner[]): Map<string, string> {
    const live = new Map(
      repoOf(jobDb, AccessCodeRepository)
        .live()
        .map((r) => [r.owner_key, r.code]),
    );
    return new Map(owners.map((o) => [ownerKey(o), live.get(ownerKey(o)) ?? this.standIn(ownerKey(o))]));
  }

  /** Key of the stand-ins: random per run, so a stand-in is the same in every preview of this run and guessable by no one. */
  private readonly standInKey = cryptoRandomBytes(32);

  /** A well-formed code for an owner without one, the same for the whole run, never stored. */
  private standIn(owner: string): string {
    let counter = 0;
    return generateCode((n) => {
      const bytes = createHmac('sha256', this.standInKey).update(`${owner}#${counter}`).digest();
      counter += 1;
      return bytes.subarray(0, n);
    });
  }

  /** Every code of the job, revoked ones included. */
  list(jobDb: Db): IssuedCode[] {
    return repoOf(jobDb, AccessCodeRepository).all().map(toIssued);
  }

  /**
   * Finds the owner of a typed code. A malformed code (wrong length, impossible character, failed
   * check character) is reported as such, so a typo is told apart from an unknown code.
   */
  find(jobDb: Db, typed: string): IssuedCode {
    const checked = checkCode(typed);
    if (!checked.ok) throw new AppError(codeProblemError(checked.problem), { code: typed });
    const row = repoOf(jobDb, AccessCodeRepository).byCode(checked.code);
    if (!row) throw new AppError('code_unknown', { code: typed });
    return toIssued(row);
  }

  /** Revokes a code everywhere: it stops working and is never issued again; the owner gets a new one at the next build. */
  revoke(jobDb: Db, typed: string, reason: string): IssuedCode {
    const found = this.find(jobDb, typed);
    if (found.revokedAt) return found;
    const at = new Date().toISOString();
    repoOf(jobDb, AccessCodeRepository).revoke(found.code, at, reason);
    repoOf(this.registry, AccessCodeRegistryRepository).revoke(found.code, at);
    return { ...found, revokedAt: at };
  }
}

function codeProblemError(problem: CodeProblem) {
  switch (problem) {
    case 'length':
      return 'code_length' as const;
    case 'character':
      return 'code_character' as const;
    case 'check':
      return 'code_typo' as const;
  }
}
