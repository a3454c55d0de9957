/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go): makes a Job at each
 * scheduled time, on the injected Clock.
 *
 * sync(key) keeps status.active true to the Jobs (SawCompletedJob, MissingJob), records
 * lastSuccessfulTime, and then, unless suspended or being deleted:
 *   - finds the most recent scheduled time not yet started (more than 100 missed: a
 *     TooManyMissedTimes warning) — too late by startingDeadlineSeconds: MissSchedule;
 *   - concurrencyPolicy Forbid and a Job still running: JobAlreadyActive, skip this time;
 *     Replace: the running Jobs are deleted first; Allow: run side by side;
 *   - creates "<cronjob>-<minutes>" from jobTemplate (SuccessfulCreate "Created job …"),
 *     sets lastScheduleTime;
 * and always deletes finished Jobs past successfulJobsHistoryLimit / failedJobsHistoryLimit,
 * then requeues itself for the next scheduled time (plus 100 ms).
 */
import { timestamp } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { deletedObject, metaNamespaceKey } from '@kubelab/core/cache/keys';
import { isKnownTimeZone } from '@kubelab/core/validation/cron';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, isStatusCode, runWorkers } from '../controller.js';
import { type EventRecorder, referenceTo } from '../events.js';
import { type Job, isJobFinished } from '../job/job-types.js';
import { controllerOf } from '../replicaset/pod-util.js';
import { CronParseError, type Schedule, parseStandard } from './cron-schedule.js';
import {
  CRON_JOBS,
  type CronJob,
  JOBS,
  byJobStartTime,
  finishedConditionType,
  jobFromTemplate,
  jobNameFor,
  jobReference,
  mostRecentScheduleTime,
  nextScheduleTimeDuration,
  rfc1123z,
} from './cronjob-utils.js';

export class CronJobController implements Controller {
  readonly name = 'cronjob-controller';
  private readonly cjInformer: SharedInformer<CronJob>;
  private readonly jobInformer: SharedInformer<Job>;
  private readonly queue: RateLimitingQueue<string>;
  private readonly recorder: EventRecorder;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly workers = 5,
  ) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'cronjob' });
    this.recorder = ctx.recorder('cronjob-controller');
    this.cjInformer = ctx.informers.informerFor<CronJob>(CRON_JOBS);
    this.jobInformer = ctx.informers.informerFor<Job>(JOBS);
    this.cjInformer.addEventHandler({
      onAdd: (cj) => this.queue.add(metaNamespaceKey(cj)),
      onUpdate: (old, cur) => this.updateCronJob(old, cur),
      onDelete: (cj) => this.queue.add(metaNamespaceKey(deletedObject(cj))),
    });
    const jobChanged = (job: Job) => {
      const cj = this.resolveControllerRef(job);
      if (cj) this.queue.add(metaNamespaceKey(cj));
    };
    this.jobInformer.addEventHandler({
      onAdd: jobChanged,
      onUpdate: (old, cur) => {
        if (JSON.stringify(controllerOf(old) ?? null) !== JSON.stringify(controllerOf(cur) ?? null)) jobChanged(old);
        jobChanged(cur);
      },
      onDelete: (job) => jobChanged(deletedObject(job)),
    });
  }

  async run(): Promise<void> {
    if (!(await this.cjInformer.waitForSync()) || !(await this.jobInformer.waitForSync())) return;
    await runWorkers(this.queue, this.workers, (key) => this.sync(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: sync "${key}" failed: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private resolveControllerRef(job: Job): CronJob | undefined {
    const ref = controllerOf(job);
    if (!ref || ref.kind !== 'CronJob') return undefined;
    const cj = this.cjInformer.lister.get(`${job.metadata?.namespace ?? ''}/${ref.name}`);
    return cj && cj.metadata?.uid === ref.uid ? cj : undefined;
  }

  private updateCronJob(old: CronJob, cur: CronJob): void {
    const key = metaNamespaceKey(cur);
    if (old.spec?.schedule === cur.spec?.schedule && (old.spec?.timeZone ?? '') === (cur.spec?.timeZone ?? '')) {
      this.queue.add(key);
      return;
    }
    const schedule = this.parse(cur, false);
    if (schedule instanceof CronParseError) {
      this.recorder.event(referenceTo(cur, CRON_JOBS), 'Warning', 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${cur.spec?.schedule ?? ''}`);
      return;
    }
    this.queue.addAfter(key, nextScheduleTimeDuration(cur, this.ctx.clock.now(), schedule));
  }

  /** formatSchedule + cron.ParseStandard: spec.timeZone becomes a TZ= prefix. */
  private parse(cj: CronJob, warn: boolean): Schedule | CronParseError {
    let spec = cj.spec?.schedule ?? '';
    const tz = cj.spec?.timeZone;
    if (tz) {
      if (warn && (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ='))) {
        this.recorder.event(referenceTo(cj, CRON_JOBS), 'Warning', 'UnsupportedSchedule', `CRON_TZ or TZ used in schedule "${spec}" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`);
      } else spec = `TZ=${tz} ${spec}`;
    }
    try {
      return parseStandard(spec);
    } catch (err) {
      if (err instanceof CronParseError) return err;
      throw err;
    }
  }

  async sync(key: string): Promise<void> {
    const cached = this.cjInformer.lister.get(key);
    if (!cached) return;
    const cj: CronJob = structuredClone(cached);
    const jobs = this.jobInformer.lister
      .namespace(cj.metadata?.namespace ?? '')
      .list()
      .filter((j) => controllerOf(j)?.uid === cj.metadata?.uid);
    let requeueAfter: number | undefined;
    let updateStatus = false;
    let syncErr: unknown;
    try {
      [requeueAfter, updateStatus] = await this.syncCronJob(cj, jobs);
    } catch (err) {
      syncErr = err;
    }
    if (await this.cleanupFinishedJobs(cj, jobs)) updateStatus = true;
    if (updateStatus) {
      try {
        await this.ctx.client.updateStatus(CRON_JOBS, cj);
      } catch (err) {
        if (!isStatusCode(err, 404)) throw err;
      }
    }
    if (requeueAfter !== undefined) this.queue.addAfter(key, requeueAfter);
    if (syncErr !== undefined) throw syncErr;
  }

  /** syncCronJob: [requeue after ms, status changed]. */
  private async syncCronJob(cj: CronJob, jobs: readonly Job[]): Promise<[number | undefined, boolean]> {
    const ref = referenceTo(cj, CRON_JOBS);
    const now = this.ctx.clock.now();
    const status = (cj.status ??= {});
    let updateStatus = false;
    const children = new Set<string>();
    for (const j of jobs) {
      const uid = j.metadata!.uid!;
      children.add(uid);
      const found = (status.active ?? []).some((r) => r.uid === uid);
      if (!found && !isJobFinished(j)) {
        const fresh = await this.ctx.client.get<CronJob>(CRON_JOBS, cj.metadata!.name!, { namespace: cj.metadata!.namespace });
        if ((fresh.status?.active ?? []).some((r) => r.uid === uid)) continue;
        this.recorder.event(ref, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata!.name}`);
      } else if (found && isJobFinished(j)) {
        status.active = (status.active ?? []).filter((r) => r.uid !== uid);
        this.recorder.event(ref, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata!.name}, condition: ${finishedConditionType(j)}`);
        updateStatus = true;
      } else if (finishedConditionType(j) === 'Complete') {
        const completion = j.status?.completionTime;
        if (completion && (!status.lastSuccessfulTime || Date.parse(completion) > Date.parse(status.lastSuccessfulTime))) {
          status.lastSuccessfulTime = completion;
          updateStatus = true;
        }
      }
    }
    for (const r of [...(status.active ?? [])]) {
      if (children.has(r.uid ?? '')) continue;
      try {
        await this.ctx.client.get(JOBS, r.name!, { namespace: r.namespace });
      } catch (err) {
        if (!isStatusCode(err, 404)) throw err;
        this.recorder.event(ref, 'Normal', 'MissingJob', `Active job went missing: ${r.name}`);
        status.active = (status.active ?? []).filter((x) => x.uid !== r.uid);
        updateStatus = true;
      }
    }
    if (status.active && status.active.length === 0) delete status.active;
    if (cj.metadata?.deletionTimestamp) return [undefined, updateStatus];
    const tz = cj.spec?.timeZone;
    if (tz && !isKnownTimeZone(tz)) {
      this.recorder.event(ref, 'Warning', 'UnknownTimeZone', `invalid timeZone: "${tz}": unknown time zone ${tz}`);
      return [undefined, updateStatus];
    }
    if (cj.spec?.suspend) return [undefined, updateStatus];
    const schedule = this.parse(cj, true);
    if (schedule instanceof CronParseError) {
      this.recorder.event(ref, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${cj.spec?.schedule ?? ''}" : ${schedule.message}`);
      return [undefined, updateStatus];
    }
    let scheduled: number | undefined;
    try {
      const [, mostRecent, missed] = mostRecentScheduleTime(cj, now, schedule, true);
      if (mostRecent !== undefined && mostRecent <= now) {
        if (missed > 100) {
          this.recorder.event(ref, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
        }
        scheduled = mostRecent;
      }
    } catch (err) {
      this.recorder.event(ref, 'Warning', 'InvalidSchedule', `invalid schedule: ${cj.spec?.schedule ?? ''} : ${describeError(err)}`);
      return [undefined, updateStatus];
    }
    const nextIn = () => nextScheduleTimeDuration(cj, now, schedule);
    if (scheduled === undefined) return [nextIn(), updateStatus];
    const sds = cj.spec?.startingDeadlineSeconds;
    if (sds !== undefined && sds !== null && scheduled + sds * 1000 < now) {
      this.recorder.event(ref, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return [nextIn(), updateStatus];
    }
    const name = jobNameFor(cj, scheduled);
    if ((status.active ?? []).some((r) => r.name === name) || (status.lastScheduleTime && Date.parse(status.lastScheduleTime) === scheduled)) {
      return [nextIn(), updateStatus];
    }
    if (cj.spec?.concurrencyPolicy === 'Forbid' && (status.active ?? []).length > 0) {
      this.recorder.event(ref, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return [nextIn(), updateStatus];
    }
    if (cj.spec?.concurrencyPolicy === 'Replace') {
      for (const r of [...(status.active ?? [])]) {
        let job: Job;
        try {
          job = await this.ctx.client.get<Job>(JOBS, r.name!, { namespace: r.namespace });
        } catch (err) {
          this.recorder.event(ref, 'Warning', 'FailedGet', `Get job: ${describeError(err)}`);
          throw err;
        }
        if (!(await this.deleteJob(cj, job))) throw new Error(`could not replace job ${job.metadata!.namespace}/${job.metadata!.name}`);
        updateStatus = true;
      }
    }
    const request = jobFromTemplate(cj, scheduled);
    let created: Job;
    try {
      created = await this.ctx.client.create<Job>(JOBS, request);
      this.recorder.event(ref, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata!.name}`);
    } catch (err) {
      if (!isStatusCode(err, 409)) {
        if (!(err instanceof Error && err.message.includes('because it is being terminated'))) {
          this.recorder.event(ref, 'Warning', 'FailedCreate', `Error creating job: ${describeError(err)}`);
        }
        throw err;
      }
      // Made by an earlier sync whose status write was lost, or by someone else.
      const existing = await this.ctx.client.get<Job>(JOBS, request.metadata!.name!, { namespace: request.metadata!.namespace });
      if (controllerOf(existing)?.uid !== cj.metadata?.uid) return [undefined, updateStatus];
      if ((status.active ?? []).some((r) => r.uid === existing.metadata?.uid)) return [undefined, updateStatus];
      created = existing;
    }
    status.active = [...(status.active ?? []), jobReference(created)];
    status.lastScheduleTime = timestamp(scheduled);
    return [nextIn(), true];
  }

  /** cleanupFinishedJobs: finished Jobs past the history limits go, oldest start first. */
  private async cleanupFinishedJobs(cj: CronJob, jobs: readonly Job[]): Promise<boolean> {
    const successLimit = cj.spec?.successfulJobsHistoryLimit;
    const failedLimit = cj.spec?.failedJobsHistoryLimit;
    if (successLimit === undefined && failedLimit === undefined) return false;
    let changed = false;
    const prune = async (list: Job[], limit: number | undefined) => {
      if (limit === undefined || list.length <= limit) return;
      for (const job of list.sort(byJobStartTime).slice(0, list.length - limit)) if (await this.deleteJob(cj, job)) changed = true;
    };
    await prune(jobs.filter((j) => finishedConditionType(j) === 'Complete'), successLimit);
    await prune(jobs.filter((j) => finishedConditionType(j) === 'Failed'), failedLimit);
    return changed;
  }

  /** deleteJob: deletes in the background and drops it from status.active. */
  private async deleteJob(cj: CronJob, job: Job): Promise<boolean> {
    const ref = referenceTo(cj, CRON_JOBS);
    try {
      await this.ctx.client.delete(JOBS, job.metadata!.name!, { namespace: job.metadata!.namespace, propagationPolicy: 'Background' });
    } catch (err) {
      if (!isStatusCode(err, 404)) {
        this.recorder.event(ref, 'Warning', 'FailedDelete', `Deleted job: ${describeError(err)}`);
        return false;
      }
    }
    if (cj.status?.active) {
      cj.status.active = cj.status.active.filter((r) => r.uid !== job.metadata?.uid);
      if (cj.status.active.length === 0) delete cj.status.active;
    }
    this.recorder.event(ref, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata!.name}`);
    return true;
  }
}
