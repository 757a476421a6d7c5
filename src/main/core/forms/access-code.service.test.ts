import { describe, expect, it } from 'vitest';
import { checkCode, CODE_ALPHABET, CODE_RANDOM_LENGTH } from '../../../shared/domain/access-code';
import { openDatabase } from '../../lib/sqlite';
import { jobMigrations } from '../db/job-migrations';
import { studioMigrations } from '../db/studio-migrations';
import { AccessCodeService } from './access-code.service';

/** A random source replaying scripted codes (by alphabet index), to force collisions. */
function scripted(...codes: number[]) {
  const queue = codes.map((n) =>
    Uint8Array.from({ length: CODE_RANDOM_LENGTH }, (_, i) => (i === 0 ? n : 0)),
  );
  return (length: number) => {
    const next = queue.shift();
    if (!next || next.length !== length) throw new Error('script exhausted');
    return next;
  };
}

const setup = (...script: number[]) => {
  const studio = openDatabase(':memory:', studioMigrations);
  const service = new AccessCodeService(studio, scripted(...script));
  return { studio, service, job: () => openDatabase(':memory:', jobMigrations) };
};

describe('AccessCodeService', () => {
  it('peeks without issuing: live codes as they are, well-formed stand-ins for the others, nothing stored', () => {
    const { studio, service, job } = setup(1);
    const db = job();
    const [s1, s2] = [
      { kind: 'student' as const, studentIds: ['s1'] },
      { kind: 'student' as const, studentIds: ['s2'] },
    ];
    const issued = service.ensure(db, 'j', [s1]).get('student:s1')!;
    const registry = () => studio.prepare('SELECT COUNT(*) AS n FROM access_code_registry').get();
    const before = { codes: service.list(db), registry: registry() };
    const first = service.peek(db, [s1, s2]);
    const second = service.peek(db, [s1, s2]);
    expect(first.get('student:s1')).toBe(issued);
    const standIn = first.get('student:s2')!;
    expect(checkCode(standIn).ok).toBe(true);
    expect(standIn).not.toBe(issued);
    expect(second.get('student:s2')).toBe(standIn);
    expect({ codes: service.list(db), registry: registry() }).toEqual(before);
  });

  it('never gives the same code twice in a studio, even to another job', () => {
    const { service, job } = setup(1, 1, 2);
    const a = service.ensure(job(), 'job-a', [{ kind: 'student', studentIds: ['s1'] }]);
    const b = service.ensure(job(), 'job-b', [{ kind: 'student', studentIds: ['s1'] }]);
    expect(a.get('student:s1')![0]).toBe(CODE_ALPHABET[1]);
    expect(b.get('student:s1')![0]).toBe(CODE_ALPHABET[2]);
  });

  it('keeps a code for its owner, and replaces a revoked one with a code never issued before', () => {
    const { service, job } = setup(1, 1, 2);
    const db = job();
    const owner = { kind: 'family' as const, studentIds: ['s2', 's1'] };
    const first = service.ensure(db, 'j', [owner]).get('family:s1+s2')!;
    expect(service.ensure(db, 'j', [owner]).get('family:s1+s2')).toBe(first);
    service.revoke(db, first.toLowerCase(), 'bon perdu');
    const second = service.ensure(db, 'j', [owner]).get('family:s1+s2')!;
    expect(second).not.toBe(first);
    expect(second[0]).toBe(CODE_ALPHABET[2]);
    expect(service.find(db, first).revokedAt).not.toBeNull();
    expect(service.list(db).map((c) => [c.code, c.revokedAt === null])).toEqual([
      [first, false],
      [second, true],
    ]);
  });

  it('tells a typo from an unknown code', () => {
    const { service, job } = setup(1);
    const db = job();
    const code = service.ensure(db, 'j', [{ kind: 'student', studentIds: ['s1'] }]).get('student:s1')!;
    const typo = `${code.slice(0, 5)}${code[5] === 'A' ? 'B' : 'A'}${code.slice(6)}`;
    expect(() => service.find(db, typo)).toThrow(/faute de frappe/);
    expect(() => service.find(db, code.slice(2))).toThrow(/15 caractères/);
    expect(() => setup().service.find(job(), code)).toThrow(/Aucun bon de commande/);
  });
});
