import { describe, expect, it } from 'vitest';
import { cronScheduleError, isKnownTimeZone } from '../../src/validation/cron.js';
import { container, createError, object, updateError } from '../write-path.js';

const J = 'Job.batch "web" is invalid: ';
const C = 'CronJob.batch "web" is invalid: ';

const jobTemplate = (podSpec: Record<string, unknown> = {}, labels?: Record<string, string>) => ({
  metadata: labels ? { labels } : {},
  spec: { restartPolicy: 'Never', containers: [container()], ...podSpec },
});
const job = (spec: Record<string, unknown> = {}, labels?: Record<string, string>) => object('Job', { spec: { template: jobTemplate({}, labels), ...spec } });

describe('jobs', () => {
  it('accept a job whose selector is generated', () => {
    expect(createError(job())).toBeUndefined();
  });

  it.each([
    [
      'require pods that restart OnFailure or Never (Always is the pod default)',
      { template: jobTemplate({ restartPolicy: undefined }) },
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ],
    ['refuse a negative backoffLimit', { backoffLimit: -1 }, 'spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0'],
    ['refuse a negative parallelism', { parallelism: -2 }, 'spec.parallelism: Invalid value: -2: must be greater than or equal to 0'],
    ['refuse a negative completions', { completions: -1 }, 'spec.completions: Invalid value: -1: must be greater than or equal to 0'],
    [
      'refuse unknown completion modes',
      { completionMode: 'Sometimes' },
      'spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"',
    ],
    ['require completions for Indexed jobs', { completionMode: 'Indexed', parallelism: 2 }, 'spec.completions: Required value: when completion mode is Indexed'],
    [
      'refuse a selector the user wrote without manualSelector',
      { selector: { matchLabels: { app: 'x' } }, template: jobTemplate({}, { app: 'x' }) },
      'spec.selector: Invalid value: {"matchLabels":{"app":"x","batch.kubernetes.io/controller-uid":"uid-1"}}: `selector` not auto-generated',
    ],
    [
      'allow only Never with a pod failure policy',
      { template: jobTemplate({ restartPolicy: 'OnFailure' }), podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] } },
      'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    ],
  ])('%s', (_name, spec, message) => {
    expect(createError(job(spec))).toBe(J + message);
  });

  it('accept a manual selector that matches the template', () => {
    expect(createError(job({ manualSelector: true, selector: { matchLabels: { app: 'x' } } }, { app: 'x' }))).toBeUndefined();
  });

  it('keep completions immutable', () => {
    expect(updateError(job({ completions: 3 }), job())).toBe(`${J}spec.completions: Invalid value: 3: field is immutable`);
  });

  it('keep the pod template immutable', () => {
    const message = updateError(job({ template: jobTemplate({ containers: [container({ image: 'busybox' })] }) }), job()) ?? '';
    expect(message.startsWith(`${J}spec.template: Invalid value: {`)).toBe(true);
    expect(message).toContain('"image":"busybox"');
    expect(message.endsWith('}: field is immutable')).toBe(true);
  });

  it('let a suspended job that never started change its node selector', () => {
    const old = job({ suspend: true });
    expect(updateError(job({ suspend: true, template: jobTemplate({ nodeSelector: { zone: 'a' } }) }), old)).toBeUndefined();
  });

  it('allow unsuspending and changing parallelism', () => {
    expect(updateError(job({ suspend: false, parallelism: 4, completions: 1 }), job({ suspend: true }))).toBeUndefined();
  });
});

describe('cron jobs', () => {
  const cronjob = (spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) =>
    object('CronJob', { spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: jobTemplate() } }, ...spec } }, meta);

  it.each(['@hourly', '@daily', '@every 1h30m', '*/15 9-17 * * mon-fri', '0 0 1 jan,jul *', '0 0 * * 0', '? * * * *'])('accept the schedule %s', (schedule) => {
    expect(createError(cronjob({ schedule }))).toBeUndefined();
  });

  it.each([
    ['*/5 * * *', 'expected exactly 5 fields, found 4: [*/5 * * *]'],
    ['61 * * * *', 'end of range (61) above maximum (59): 61'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['a * * * *', 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['@every 5x', 'failed to parse duration @every 5x: time: invalid duration "5x"'],
  ])('refuse the schedule %s', (schedule, error) => {
    expect(createError(cronjob({ schedule }))).toBe(`${C}spec.schedule: Invalid value: ${JSON.stringify(schedule)}: ${error}`);
  });

  it.each([
    ['require a schedule', { schedule: '' }, 'spec.schedule: Required value'],
    [
      'send time zones to the timeZone field',
      { schedule: 'TZ=UTC 0 * * * *' },
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ],
    ['refuse unknown time zones', { timeZone: 'Mars/Olympus' }, 'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus'],
    [
      'refuse the Local time zone',
      { timeZone: 'Local' },
      'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
    ],
    [
      'refuse unknown concurrency policies',
      { concurrencyPolicy: 'Sometimes' },
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    ],
    [
      'require job pods that restart OnFailure or Never',
      { jobTemplate: { spec: { template: jobTemplate({ restartPolicy: 'Always' }) } } },
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ],
    [
      'leave the job selector to the controller',
      { jobTemplate: { spec: { selector: { matchLabels: { a: 'b' } }, template: jobTemplate() } } },
      'spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated',
    ],
    ['refuse a negative history limit', { failedJobsHistoryLimit: -1 }, 'spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0'],
  ])('%s', (_name, spec, message) => {
    expect(createError(cronjob(spec))).toBe(C + message);
  });

  it('accept a named time zone', () => {
    expect(createError(cronjob({ timeZone: 'Europe/Berlin' }))).toBeUndefined();
  });

  it('limit names to 52 characters, leaving room for the job suffix', () => {
    const name = 'a'.repeat(53);
    expect(createError(cronjob({}, { name }))).toBe(`CronJob.batch "${name}" is invalid: metadata.name: Invalid value: "${name}": must be no more than 52 characters`);
  });

  it('let long names through on update', () => {
    const name = 'a'.repeat(53);
    expect(updateError(cronjob({ suspend: true }, { name }), cronjob({}, { name }))).toBeUndefined();
  });
});

describe('the cron parser', () => {
  it.each([
    ['', 'empty spec string'],
    ['TZ=Nowhere/City 0 * * * *', 'provided bad location Nowhere/City: unknown time zone Nowhere/City'],
    ['0 0 * * sun-sat', undefined],
    ['0 0 * JAN *', undefined],
  ])('reads %j', (spec, error) => {
    expect(cronScheduleError(spec, isKnownTimeZone)).toBe(error);
  });
});
