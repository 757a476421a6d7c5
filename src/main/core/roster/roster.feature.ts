/**
 * The roster feature: the school and its association, roster import, classes, students and
 * siblings, consent (one decision, a class's grid, the returned sheet, the sheet to hand out) and
 * the shoot-day list. Audited actions are declared here, on the line that registers them.
 */
import path from 'node:path';
import { count } from '../../../shared/i18n';
import type { CoreServices, Feature } from '../feature';
import type { Handlers } from '../rpc/dispatcher';
import { consentSheetDataOwner } from './consent-sheet.data-owner';
import type { ConsentSheetService } from './consent-sheet.service';
import type { ConsentService } from './consent.service';
import type { MappingProfileRepository } from './mapping-profile.repository';
import { rosterHandlers, type RosterMethods } from './roster.handlers';
import { RosterImportService } from './roster-import.service';
import type { RosterService } from './roster.service';
import { ShootListService } from './shoot-list.service';
import { shootListDataOwner } from './shoot-list.data-owner';

export interface RosterFeatureDeps {
  core: CoreServices;
  roster: RosterService;
  consent: ConsentService;
  consentSheets: ConsentSheetService;
  mappingProfiles: MappingProfileRepository;
}

export function rosterFeature(deps: RosterFeatureDeps): Feature<RosterMethods> {
  const { core } = deps;
  const { audited } = core;
  const shootLists = new ShootListService(deps.roster);
  const base: Pick<Handlers, RosterMethods> = rosterHandlers({
    jobs: core.jobs,
    events: core.events,
    audit: core.audit,
    roster: deps.roster,
    imports: new RosterImportService(deps.mappingProfiles),
    shootLists,
    consent: deps.consent,
    sheets: deps.consentSheets,
    profiles: deps.mappingProfiles,
  });
  return {
    name: 'roster',
    handlers: {
      ...base,
      'roster.import': audited.after(
        (p, r) =>
          p.dryRun
            ? null
            : {
                action: 'roster.imported',
                summary: `Liste d’élèves importée : ${count(r.students, 'élève', 'élèves')} en ${count(r.classes.length, 'classe', 'classes')}`,
                details: {
                  file: path.basename(r.file),
                  format: r.format,
                  students: r.students,
                  classes: r.classes.length,
                  rejected: r.rejected.length,
                },
              },
        async (p, ctx) => base['roster.import'](p, ctx),
      ),
      'consent.record': audited.change(
        (p) => ({
          action: 'consent.recorded',
          summary: `Consentement enregistré (${p.use}, ${p.holder} : ${p.decision})`,
          details: { use: p.use, holder: p.holder, decision: p.decision, source: p.source },
          subjectId: p.studentId,
        }),
        base['consent.record'],
      ),
      'consent.withdraw': audited.change(
        (p) => ({
          action: 'consent.withdrawn',
          summary: `Consentement retiré (${p.use}, ${p.holder})`,
          details: { use: p.use, holder: p.holder, source: p.source },
          subjectId: p.studentId,
        }),
        base['consent.withdraw'],
      ),
      'shootList.pdf': audited.after(
        (p, r) => ({
          action: 'export.written',
          summary: 'Liste de prise de vue exportée (PDF)',
          details: { what: 'shoot_list', file: path.basename(r.path), classes: p.classIds?.length ?? 0 },
        }),
        async (p, ctx) => base['shootList.pdf'](p, ctx),
      ),
    },
    studentData: [shootListDataOwner(shootLists), consentSheetDataOwner(deps.consentSheets)],
  };
}
