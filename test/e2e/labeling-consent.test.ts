/**
 * Labeling a class with a refused child in the roster, in the real UI served by the browser host:
 * sequence mode skips the child whose parent refused the photo, shows a pending consent on the
 * proposal and on the photos, follows the roster from a child picked out of order by search, and
 * labels the refused child only after a confirmation that says why in words.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/core';
import { silentLogger } from '../../src/main/lib/logger';
import { giveConsent } from '../fixtures/consent';
import { seedShoot, type SeededShoot } from '../fixtures/labeling-shoot';
import { connectWs } from '../helpers/ws-client';
import { e2eEnabled, SCREENSHOT_DIR, useE2E } from './harness';
import { HomePage } from './pages/home-page';
import { LabelingPage } from './pages/labeling-page';

const { setup } = useE2E();
const SCHOOL = 'École Louise Michel';

/** One class of 6: student 1's first parent refused the photo, student 2's form is not back, the others agreed. */
async function prepareJob(root: string): Promise<SeededShoot> {
  const core = await createCore({
    host: 'test',
    logger: silentLogger,
    dataDir: path.join(root, 'data'),
    libraryDir: path.join(root, 'library'),
  });
  try {
    const client = core.client();
    const job = await client.call('jobs.create', {
      schoolName: SCHOOL,
      town: 'Angers',
      schoolYear: '2026-2027',
      shootDates: ['2026-10-06'],
    });
    const shoot = await seedShoot(core, job.id, { classes: 1, studentsPerClass: 6, burst: 2, images: true });
    const students = shoot.classes[0]!.students;
    for (const i of [0, 3, 4, 5]) await giveConsent(client, job.id, students[i]!.id);
    await client.call('consent.record', {
      jobId: job.id,
      studentId: students[1]!.id,
      use: 'photo',
      holder: 'parent1',
      decision: 'refused',
      decidedOn: '2026-09-14',
      source: 'paper_form',
    });
    return shoot;
  } finally {
    await core.close();
  }
}

describe.skipIf(!e2eEnabled)('labeling with consent', () => {
  it('never proposes or labels a refused child without confirmation, shows pending consent, and follows the roster after a search pick', async () => {
    const e2e = await setup();
    const shoot = await prepareJob(e2e.root);
    const host = await e2e.restartHost();
    const { page } = e2e;
    await new HomePage(page).openRecentByKeyboard(host.url, SCHOOL);
    const labeling = new LabelingPage(page);
    await labeling.open();
    const cls = shoot.classes[0]!;
    const student = (i: number) => cls.students[i]!;
    const name = (i: number) => `${student(i).firstName} ${student(i).displayName}`;
    const burstOf = (i: number) => page.locator('.burst', { hasText: name(i) });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });

    await labeling.classPicker(1).focus();
    await page.keyboard.type(cls.label);
    await expect.poll(() => labeling.classPicker(1).inputValue()).toBe(cls.id);
    await labeling.workspace().focus();
    await labeling.press('1');
    await expect.poll(() => labeling.currentBurst().locator('.burst__number').textContent()).toBe('2');

    // Student 0 agreed: proposed with no warning.
    await expect.poll(() => labeling.proposal().textContent()).toBe(`Proposé : ${name(0)}`);
    expect(await labeling.proposalConsent().count()).toBe(0);
    await labeling.press('Enter');

    // Student 1's parent refused: skipped. Student 2's form is not back: proposed, and said so.
    await expect.poll(() => labeling.proposal().textContent()).toBe(`Proposé : ${name(2)}`);
    await expect
      .poll(() => labeling.proposalConsent().textContent())
      .toBe('Consentement en attente : formulaire à récupérer');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'labeling-consent-pending.png') });
    await labeling.press('Enter');
    await expect.poll(() => burstOf(2).first().textContent()).toContain('Consentement en attente');

    // Student 3 is proposed; student 4 comes first and is picked by search: the next proposal
    // follows the roster from student 4, not back to the first child without a photo.
    await expect.poll(() => labeling.proposal().textContent()).toBe(`Proposé : ${name(3)}`);
    await labeling.pick(student(4).firstName.slice(0, 4));
    await expect.poll(() => burstOf(4).count()).toBe(1);
    await expect.poll(() => labeling.proposal().textContent()).toBe(`Proposé : ${name(5)}`);
    await labeling.press('Enter');
    // Round again: student 3, never the refused student 1.
    await expect.poll(() => labeling.proposal().textContent()).toBe(`Proposé : ${name(3)}`);

    // Student 1 picked by search: a question that says why, and the safe answer has the focus.
    await labeling.pick(student(1).firstName.slice(0, 4));
    const dialog = labeling.consentConfirm();
    await expect.poll(() => dialog.count()).toBe(1);
    await expect
      .poll(() => dialog.getByTestId('consent-confirm-why').textContent())
      .toContain('Titulaire 1 a refusé la photo individuelle (formulaire papier, 14/09/2026).');
    expect(await dialog.getByTestId('consent-confirm-why').textContent()).toContain(
      'Titulaire 2 n’a pas rendu le formulaire.',
    );
    expect(await dialog.textContent()).toContain(`${name(1)} ne doit pas être photographié(e)`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'labeling-consent-confirm.png') });
    // Entrée on the focused answer, « Ne pas identifier »: nothing labeled.
    await labeling.press('Enter');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await burstOf(1).count()).toBe(0);
    // Échap as well.
    await labeling.pick(student(1).firstName.slice(0, 4));
    await expect.poll(() => dialog.count()).toBe(1);
    await labeling.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await burstOf(1).count()).toBe(0);
    await expect.poll(() => labeling.currentBurst().textContent()).toContain('sans élève');
    expect(await labeling.checks().textContent()).not.toContain('À ne pas photographier');

    // Confirmed on purpose: labeled, and marked « Ne pas photographier » everywhere.
    await labeling.pick(student(1).firstName.slice(0, 4));
    await dialog.getByRole('button', { name: 'Identifier quand même' }).click();
    await expect.poll(() => burstOf(1).count()).toBe(1);
    await expect.poll(() => burstOf(1).textContent()).toContain('Ne pas photographier');
    await expect.poll(() => labeling.checks().textContent()).toContain('À ne pas photographier');
    await expect.poll(() => labeling.proposal().textContent()).toBe(`Proposé : ${name(3)}`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'labeling-consent-confirmed.png') });

    // A withdrawal recorded in another window: the child proposed is not any more.
    const other = await connectWs(host.port, host.token);
    try {
      const [job] = await other.client.call('jobs.list', {});
      await other.client.call('jobs.open', { path: job!.path });
      await other.client.call('consent.withdraw', {
        jobId: job!.id,
        studentId: student(3).id,
        use: 'photo',
        holder: 'parent2',
        source: 'email',
      });
    } finally {
      other.close();
    }
    await expect
      .poll(() => labeling.proposal().textContent())
      .toBe('Tous les élèves de la classe ont une photo.');
  }, 120_000);
});
