/**
 * CronJob (batch/v1).
 */
import { obj, req, str, int32, int64, bool, ref, arr, time, type Definitions } from '../dsl.js';
import { core, batch, meta } from './names.js';

export const cronjobDefinitions: Definitions = {
  [batch('CronJob')]: obj('Creates jobs on a repeating schedule.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(batch('CronJobSpec'), 'Schedule and job template.'),
    status: ref(batch('CronJobStatus'), 'Most recently observed state of the cron job. Read-only.'),
  }),
  [batch('CronJobSpec')]: obj('Schedule and job template of a cron job.', {
    schedule: req(str('Cron-format schedule, such as "*/5 * * * *".')),
    timeZone: str('Time zone of the schedule, such as "Etc/UTC"; defaults to the controller manager\'s.'),
    startingDeadlineSeconds: int64('Seconds after a missed scheduled time within which the job may still start.'),
    concurrencyPolicy: str(
      'What to do when a job is still running at the next scheduled time: Allow (default), Forbid (skip) or Replace.',
      { enum: ['Allow', 'Forbid', 'Replace'] },
    ),
    suspend: bool('Suspend future runs; running jobs are not affected. Defaults to false.'),
    jobTemplate: req(ref(batch('JobTemplateSpec'), 'The job to create at each scheduled time.')),
    successfulJobsHistoryLimit: int32('Finished successful jobs to keep. Defaults to 3.'),
    failedJobsHistoryLimit: int32('Failed jobs to keep. Defaults to 1.'),
  }),
  [batch('JobTemplateSpec')]: obj('The job a cron job creates.', {
    metadata: ref(meta('ObjectMeta'), 'Metadata given to the created jobs.'),
    spec: ref(batch('JobSpec'), 'Specification of the created jobs.'),
  }),
  [batch('CronJobStatus')]: obj('The observed state of a cron job.', {
    active: arr(ref(core('ObjectReference')), 'Jobs currently running.', { list: 'atomic' }),
    lastScheduleTime: time('When a job was last scheduled.'),
    lastSuccessfulTime: time('When a job last completed successfully.'),
  }),
};
