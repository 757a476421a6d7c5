/** RPC handlers of `forms.*`, `priceList.*` and `codes.*` (the bookkeeping ones are the order book's). */
import { formatCode } from '../../../shared/domain/access-code';
import { checkFolderToWrite } from '../../lib/path-checks';
import type { EventBus } from '../events';
import type { JobsService } from '../jobs/jobs.service';
import type { Handlers } from '../rpc/dispatcher';
import type { AccessCodeService, IssuedCode } from './access-code.service';
import { FORMS_BUILD_TASK } from './forms-build.task';
import type { FormsService } from './forms.service';
import type { TaskRunner } from '../tasks/task-runner';
import type { DataEntity } from '../../../shared/rpc/events';

export type FormsMethods =
  | 'forms.settings'
  | 'forms.updateSettings'
  | 'priceList.getDefault'
  | 'priceList.setDefault'
  | 'forms.build'
  | 'forms.start'
  | 'codes.list'
  | 'codes.check'
  | 'codes.revoke';

const printed = (c: IssuedCode) => ({ ...c, printed: formatCode(c.code) });

export function formsHandlers(
  jobs: JobsService,
  forms: FormsService,
  codes: AccessCodeService,
  tasks: TaskRunner,
  events: EventBus,
): Pick<Handlers, FormsMethods> {
  const changed = (jobId: string, entity: DataEntity) => events.emit('data.changed', { entity, jobId });
  return {
    'forms.settings': ({ jobId }) => forms.settings(jobs.get(jobId)),
    'forms.updateSettings': ({ jobId, ...patch }) => {
      const result = forms.updateSettings(jobs.get(jobId), {
        ...(patch.products ? { products: patch.products } : {}),
        ...(patch.returnDeadline !== undefined ? { returnDeadline: patch.returnDeadline } : {}),
        ...(patch.watermark !== undefined ? { watermark: patch.watermark } : {}),
        ...(patch.share ? { share: patch.share } : {}),
      });
      changed(jobId, 'forms');
      return result;
    },
    'priceList.getDefault': () => forms.studioPriceList(),
    'priceList.setDefault': ({ products }) => forms.setStudioPriceList(products),
    'forms.build': async ({ jobId, classIds, outDir }) => {
      const job = jobs.get(jobId);
      // A folder the user names must exist or be creatable in an existing folder (never a whole tree).
      const out = outDir ? await checkFolderToWrite(outDir) : undefined;
      const report = await forms.build(job, {
        ...(classIds ? { classIds } : {}),
        ...(out ? { outDir: out } : {}),
      });
      changed(jobId, 'forms');
      return report;
    },
    'forms.start': ({ jobId, classIds }) =>
      tasks.start(jobs.get(jobId), FORMS_BUILD_TASK, classIds ? { classIds } : {}),
    'codes.list': ({ jobId }) => codes.list(jobs.get(jobId).db).map(printed),
    'codes.check': ({ jobId, code }) => printed(codes.find(jobs.get(jobId).db, code)),
    'codes.revoke': ({ jobId, code, reason }) => {
      const result = printed(codes.revoke(jobs.get(jobId).db, code, reason));
      changed(jobId, 'codes');
      return result;
    },
  };
}
