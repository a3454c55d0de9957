/**
 * Job columns (printJob). Since Kubernetes 1.30 (kubernetes#123226) the table leads with
 * STATUS, taken from the job's conditions in this order: Complete, Failed, then
 * "Terminating" while it is being deleted, Suspended, FailureTarget, and "Running"
 * otherwise. COMPLETIONS is "<succeeded>/<completions>", or for a work-queue job without
 * completions "<succeeded>/1" ("<succeeded>/1 of <parallelism>" when parallel). DURATION
 * runs from status.startTime to completionTime, or to now while the job runs, and is empty
 * before it starts.
 */
import type { KubeObject } from '../../api/meta.js';
import type { LabelSelector } from '../../labels/selector.js';
import { humanDuration } from '../duration.js';
import {
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  NAME_COLUMN,
  age,
  column,
  containerCells,
  int,
  nameOf,
  parseTime,
  wide,
  type PodTemplateView,
  type Printer,
} from './common.js';
import { selectorCell } from './selector.js';

export interface JobSpecView {
  completions?: number | null;
  parallelism?: number | null;
  selector?: LabelSelector | null;
  template?: PodTemplateView;
}

interface JobView extends KubeObject {
  spec?: JobSpecView;
  status?: {
    succeeded?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: Array<{ type?: string; status?: string }>;
  };
}

export const jobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'The state of the job, from its conditions.'),
    column('Completions', 'string', 'Pods that succeeded out of the completions wanted.'),
    column('Duration', 'string', 'How long the job ran, or has been running.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wide('Selector', 'string', "The label selector that picks the job's pods."),
  ],
  cells: (obj, now) => {
    const job = obj as JobView;
    const [names, images] = containerCells(job.spec?.template?.spec?.containers);
    return [
      nameOf(job),
      jobStatus(job),
      completions(job),
      jobDuration(job, now),
      age(job, now),
      names,
      images,
      selectorCell(job.spec?.selector),
    ];
  },
};

function completions(job: JobView): string {
  const succeeded = int(job.status?.succeeded);
  const spec = job.spec ?? {};
  // Decoding defaults both fields to 1 when neither is set; a work-queue job keeps completions unset.
  const wanted = typeof spec.completions === 'number' ? spec.completions : spec.parallelism == null ? 1 : undefined;
  if (wanted !== undefined) return `${succeeded}/${wanted}`;
  const parallelism = int(spec.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: JobView, now: number): string {
  const start = parseTime(job.status?.startTime);
  if (start === undefined) return '';
  const end = parseTime(job.status?.completionTime);
  return humanDuration((end ?? now) - start);
}

function jobStatus(job: JobView): string {
  // hasJobCondition: the first condition of a type decides.
  const is = (type: string): boolean => (job.status?.conditions ?? []).find((c) => c.type === type)?.status === 'True';
  if (is('Complete')) return 'Complete';
  if (is('Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (is('Suspended')) return 'Suspended';
  if (is('FailureTarget')) return 'FailureTarget';
  return 'Running';
}
