/**
 * CronJobs (ValidateCronJobCreate, ValidateCronJobUpdate and validateCronJobSpec in
 * pkg/apis/batch/validation): a parseable schedule without TZ= (timeZone is the field for
 * that), a known time zone, a concurrency policy, a job template whose selector is left to
 * the controller, and names short enough for the jobs the controller names after them.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, invalid, nonNegative, notSupported, required } from './field.js';
import { maxLenError } from './formats.js';
import { cronScheduleError, isKnownTimeZone } from './cron.js';
import { validateJobSpecCommon } from './job.js';
import { type Obj, present, rec, str } from './shape.js';

const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];
/** The controller appends an 11-character "-<timestamp>" to job names, which are DNS-1035 labels. */
const MAX_NAME = 63 - 11;

function validateSchedule(schedule: string, allowTZ: boolean, timeZone: unknown, field: string): Errs {
  const errs: Errs = [];
  const err = cronScheduleError(schedule, isKnownTimeZone);
  if (err) errs.push(invalid(field, schedule, err));
  if (allowTZ && schedule.includes('TZ') && present(timeZone)) {
    errs.push(invalid(field, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  } else if (!allowTZ && schedule.includes('TZ')) {
    errs.push(invalid(field, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return errs;
}

function validateTimeZone(tz: unknown, field: string): Errs {
  if (!present(tz)) return [];
  const name = str(tz);
  if (name === '') return [invalid(field, name, 'timeZone must be nil or non-empty string')];
  for (const part of name.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part)) {
      return [invalid(field, name, `unknown time zone ${name}`)];
    }
  }
  if (name.toLowerCase() === 'local') {
    return [invalid(field, name, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  }
  return isKnownTimeZone(name) ? [] : [invalid(field, name, `unknown time zone ${name}`)];
}

function validateCronJobSpec(spec: Obj, oldSpec: Obj | undefined): Errs {
  const errs: Errs = [];
  const schedule = str(spec['schedule']);
  if (schedule === '') errs.push(required('spec.schedule'));
  else errs.push(...validateSchedule(schedule, oldSpec ? str(oldSpec['schedule']).includes('TZ') : false, spec['timeZone'], 'spec.schedule'));
  errs.push(...nonNegative(spec['startingDeadlineSeconds'], 'spec.startingDeadlineSeconds'));
  if (!oldSpec || oldSpec['timeZone'] !== spec['timeZone']) errs.push(...validateTimeZone(spec['timeZone'], 'spec.timeZone'));
  const policy = str(spec['concurrencyPolicy']);
  if (policy === '') errs.push(required('spec.concurrencyPolicy'));
  else if (!CONCURRENCY_POLICIES.includes(policy)) errs.push(notSupported('spec.concurrencyPolicy', policy, CONCURRENCY_POLICIES));
  const jobSpec = rec(rec(spec['jobTemplate'])['spec']);
  errs.push(...validateJobSpecCommon(jobSpec, 'spec.jobTemplate.spec'));
  if (present(jobSpec['selector'])) errs.push(invalid('spec.jobTemplate.spec.selector', jobSpec['selector'], '`selector` will be auto-generated'));
  if (jobSpec['manualSelector'] === true) errs.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  errs.push(...nonNegative(spec['successfulJobsHistoryLimit'], 'spec.successfulJobsHistoryLimit'));
  errs.push(...nonNegative(spec['failedJobsHistoryLimit'], 'spec.failedJobsHistoryLimit'));
  return errs;
}

export function validateCronJob(obj: KubeObject): Errs {
  const errs = validateCronJobSpec(rec(obj['spec']), undefined);
  const name = obj.metadata?.name ?? '';
  if (name.length > MAX_NAME) errs.push(invalid('metadata.name', name, maxLenError(MAX_NAME)));
  return errs;
}

/** Updates skip the name length rule, so older long-named CronJobs can still be changed. */
export function validateCronJobUpdate(obj: KubeObject, old: KubeObject): Errs {
  return validateCronJobSpec(rec(obj['spec']), rec(old['spec']));
}
