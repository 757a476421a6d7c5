import { describe, expect, it } from 'vitest';
import { jobMigrations } from '../db/job-migrations';
import { openDatabase } from '../../lib/sqlite';
import { AuditLog, studioActor } from './audit-log';

describe('audit log', () => {
  it('never stores a token, an access code or a name, even when a caller passes one', () => {
    const db = openDatabase(':memory:', jobMigrations);
    const audit = new AuditLog('marie@test');
    audit.record(db, 'publish.done', 'Galerie publiée', {
      token: 'secret-token-123',
      accessCode: 'ABCD-EFGH-1234',
      familyName: 'MARTIN',
      ine: '123456789AB',
      files: 12,
      nested: { apiToken: 'x', online: true },
    });
    const row = db.prepare('SELECT actor, details FROM audit_event').get() as {
      actor: string;
      details: string;
    };
    expect(row.actor).toBe('marie@test');
    expect(JSON.parse(row.details)).toEqual({ files: 12, nested: { online: true } });
    db.close();
  });

  it('names the operating-system user and the host', () => {
    expect(studioActor('electron')).toMatch(/^.+@electron$/);
  });
});
