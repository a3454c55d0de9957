/**
 * CronJob columns (printCronJob): SCHEDULE, TIMEZONE ("<none>" unless set), SUSPEND
 * ("True"/"False"), ACTIVE (running jobs), LAST SCHEDULE ("<none>" before the first run),
 * and with -o wide the job template's CONTAINERS, IMAGES, SELECTOR.
 */
import type { KubeObject } from '../../api/meta.js';
import {
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  NAME_COLUMN,
  age,
  boolText,
  column,
  containerCells,
  nameOf,
  since,
  text,
  wide,
  type Printer,
} from './common.js';
import type { JobSpecView } from './job.js';
import { selectorCell } from './selector.js';

interface CronJobView extends KubeObject {
  spec?: { schedule?: string; timeZone?: string | null; suspend?: boolean | null; jobTemplate?: { spec?: JobSpecView } };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}

export const cronJobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Schedule', 'string', 'The cron schedule the jobs are created on.'),
    column('Timezone', 'string', 'The time zone the schedule is read in.'),
    column('Suspend', 'boolean', 'Whether new runs are held back.'),
    column('Active', 'integer', 'The number of jobs running now.'),
    column('Last Schedule', 'string', 'Time since a job was last scheduled.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wide('Selector', 'string', "The label selector of the jobs' pods."),
  ],
  cells: (obj, now) => {
    const cj = obj as CronJobView;
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const [names, images] = containerCells(jobSpec?.template?.spec?.containers);
    return [
      nameOf(cj),
      text(cj.spec?.schedule),
      cj.spec?.timeZone ?? '<none>',
      // Decoding defaults suspend to false, so a real server never prints "<unset>" here.
      boolText(cj.spec?.suspend ?? false),
      (cj.status?.active ?? []).length,
      cj.status?.lastScheduleTime == null ? '<none>' : since(cj.status.lastScheduleTime, now),
      age(cj, now),
      names,
      images,
      selectorCell(jobSpec?.selector),
    ];
  },
};
