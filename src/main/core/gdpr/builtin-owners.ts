/**
 * The student data owners of the features on main: consent (records and removal requests),
 * sibling links, publications, the audit trail's subject column, and the registry of exported
 * files (with the student's own access exports, deleted on erasure). Each says in French words what
 * its rows mean for the right-of-access document. The student row itself is erased last by the
 * erasure service, once every other owner let go of it.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ConsentHolder, ConsentUse } from '../../../shared/domain/consent';
import { repoOf, type Db } from '../../lib/sqlite';
import { AuditRepository } from '../audit/audit.repository';
import { ExportRegistry } from '../exports/export-registry.repository';
import { StudentRowsRepository, type StudentTable } from './student-rows.repository';
import {
  decisionWord,
  frDate,
  frDateTime,
  handoutWord,
  holderWord,
  kindWord,
  sourceWord,
  useWord,
} from './access-words';
import type { AccessSection, StudentDataOwner, StudentFile } from './student-data-registry';
import { count } from '../../../shared/i18n';

const isFile = (file: string) =>
  fsp.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );

/** The feature name access exports are registered under. */
export const ACCESS_EXPORT_FEATURE = 'gdpr';

function tableOwner(
  name: string,
  which: StudentTable,
  describe?: StudentDataOwner['describe'],
): StudentDataOwner {
  return {
    name,
    rows: (db: Db, id: string) => repoOf(db, StudentRowsRepository).rows(which, id),
    erase: (db: Db, id: string) => repoOf(db, StudentRowsRepository).erase(which, id),
    ...(describe ? { describe } : {}),
  };
}

function describeConsent(db: Db, id: string): AccessSection {
  const rows = repoOf(db, StudentRowsRepository).consents(id);
  return {
    title: 'Autorisations (droit à l’image) : chaque décision enregistrée',
    empty: 'Aucune autorisation enregistrée.',
    entries: rows.map((r) => ({
      label: `${useWord(r.use)} — ${holderWord(r.holder)}`,
      value: decisionWord(r.decision),
      date: frDate(r.decidedOn),
      detail: [`${sourceWord(r.source)}, saisi le ${frDate(r.recordedAt)}`, r.note]
        .filter(Boolean)
        .join(' — '),
    })),
  };
}

function describeRemovals(db: Db, id: string): AccessSection {
  const rows = repoOf(db, StudentRowsRepository).removals(id);
  return {
    title: 'Retraits demandés après une mise en ligne',
    empty: 'Aucun retrait demandé.',
    entries: rows.map((r) => ({
      label: `Retrait : ${useWord(r.use)}`,
      value: r.doneAt ? 'fait' : 'à faire à la prochaine publication',
      date: frDate(r.requestedAt),
      detail: r.doneAt ? `fait le ${frDate(r.doneAt)}` : '',
    })),
  };
}

function describeSiblings(db: Db, id: string): AccessSection | null {
  const rows = repoOf(db, StudentRowsRepository).siblingLinks(id);
  if (rows.length === 0) return null;
  // The other child is not named: their data is theirs, even within a family.
  return {
    title: 'Fratrie',
    empty: '',
    entries: rows.map((r) => ({
      label: 'Lien avec un frère ou une sœur de l’école',
      value: 'confirmé (un bon de commande commun)',
      date: frDate(r.confirmedAt),
      detail: '',
    })),
  };
}

function describePublications(db: Db, id: string): AccessSection {
  const rows = repoOf(db, StudentRowsRepository).publications(id);
  return {
    title: 'Galerie en ligne',
    empty: 'Aucune photo de l’élève n’a été mise en ligne.',
    entries: rows.map((r) => ({
      label: 'Galerie privée (ouverte par le code d’accès)',
      value: count(r.photos, 'photo', 'photos'),
      date: frDate(r.publishedAt),
      detail: r.closedAt ? `fermée le ${frDate(r.closedAt)}` : `en ligne sur ${r.platformUrl}`,
    })),
  };
}

/** An audit event in words: consent events from their details (their summary holds code names). */
function auditWords(action: string, summary: string, details: Record<string, unknown>): string {
  const use = details.use as ConsentUse | undefined;
  const holder = details.holder as ConsentHolder | undefined;
  if (action === 'consent.recorded' && use && holder)
    return `Autorisation enregistrée : ${useWord(use)}, ${holderWord(holder)} — ${decisionWord(
      details.decision === 'refused' ? 'refused' : 'granted',
    )}`;
  if (action === 'consent.withdrawn' && use && holder)
    return `Autorisation retirée : ${useWord(use)}, ${holderWord(holder)}`;
  return summary;
}

function describeAudit(db: Db, id: string): AccessSection {
  const rows = repoOf(db, AuditRepository).aboutStudent(id);
  return {
    title: 'Historique des actions concernant l’élève',
    empty: 'Aucune action enregistrée.',
    entries: rows.map((r) => ({
      label: auditWords(r.action, r.summary, JSON.parse(r.details) as Record<string, unknown>),
      value: '',
      date: frDateTime(r.at),
      detail: '',
    })),
  };
}

/**
 * The export registry as a holder of the student's data: which documents name them, and which
 * copies left the app. Erasure deletes the student's own access exports (the other files are the
 * features' to remake) and then no longer names them in the registry.
 */
export const exportedFilesOwner: StudentDataOwner = {
  name: 'exportedFiles',
  rows: (db, id) => new ExportRegistry({ db, dir: '' }).rowsNaming(id),
  describe: (db, id) => {
    const job = { db, dir: '' };
    const registry = new ExportRegistry(job);
    const files = registry.naming(id);
    const handouts = registry.handoutsOf(id);
    return {
      title: 'Documents produits où figure l’élève',
      empty: 'Aucun document produit.',
      entries: [
        ...files.map((f) => ({
          label: kindWord(f.kind),
          value: f.path.split(/[/\\]/).pop() ?? '',
          date: frDate(f.writtenAt),
          detail: '',
        })),
        ...handouts.map((h) => ({
          label: `Copie : ${kindWord(h.kind)}`,
          value: handoutWord(h.how),
          date: frDate(h.at),
          detail: '',
        })),
      ],
    };
  },
  erase: (db, id) => new ExportRegistry({ db, dir: '' }).dropStudent(id),
  async files({ job, studentId }) {
    const out: StudentFile[] = [];
    for (const r of new ExportRegistry(job).naming(studentId, ACCESS_EXPORT_FEATURE))
      if (r.insideJob && (await isFile(r.path))) out.push({ kind: r.kind, path: r.path, action: 'delete' });
    // Older versions wrote `exports/acces-eleve-<start of the id>-<date>.zip`, unregistered.
    const exportsDir = job.paths.folder('exports');
    const legacy = `acces-eleve-${studentId.slice(0, 8)}-`;
    for (const name of await fsp.readdir(exportsDir).catch(() => [] as string[]))
      if (name.startsWith(legacy) && name.endsWith('.zip'))
        out.push({ kind: 'access_export', path: path.join(exportsDir, name), action: 'delete' });
    return out;
  },
};

/** The holders of per-student rows kept outside any one feature, in the order erasure walks them. */
export function builtinOwners(): StudentDataOwner[] {
  const owners: StudentDataOwner[] = [];
  owners.push(tableOwner('consent', 'consent', describeConsent));
  owners.push(tableOwner('removalRequests', 'removalRequests', describeRemovals));
  owners.push(tableOwner('siblings', 'siblings', describeSiblings));
  owners.push(tableOwner('studentPublication', 'studentPublication'));
  owners.push({
    name: 'publications',
    rows: (db, id) => repoOf(db, StudentRowsRepository).publicationRows(id),
    describe: describePublications,
    erase: (db, id) => repoOf(db, StudentRowsRepository).erase('publications', id),
  });
  owners.push(exportedFilesOwner);
  owners.push({
    name: 'audit',
    rows: (db, id) =>
      repoOf(db, AuditRepository)
        .aboutStudent(id)
        .map(({ at, actor, action, summary }) => ({ at, actor, action, summary })),
    describe: describeAudit,
    // The events stay (they prove what was done) but no longer point at anyone.
    erase: (db, id) => repoOf(db, AuditRepository).forgetStudent(id),
  });
  return owners;
}
