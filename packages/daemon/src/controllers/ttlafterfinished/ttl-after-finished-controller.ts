/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): a Job with
 * spec.ttlSecondsAfterFinished is deleted that many seconds after it finished (its Complete
 * or Failed condition's lastTransitionTime), together with its pods (foreground deletion).
 *
 * Before deleting, the Job is read again from the API server: a TTL changed meanwhile, or a
 * Job re-created under the same name, must not be deleted on stale information — the delete
 * is guarded by the uid read.
 */
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { metaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, isStatusCode, runWorkers } from '../controller.js';
import { JOBS, type Job, isJobFinished, jobFinishTime } from '../job/job-types.js';

export class TTLAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished-controller';
  private readonly informer: SharedInformer<Job>;
  private readonly queue: RateLimitingQueue<string>;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly workers = 5,
  ) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'ttl_jobs_to_delete' });
    this.informer = ctx.informers.informerFor<Job>(JOBS);
    const enqueue = (job: Job) => {
      if (!job.metadata?.deletionTimestamp && needsCleanup(job)) this.queue.add(metaNamespaceKey(job));
    };
    this.informer.addEventHandler({ onAdd: enqueue, onUpdate: (_old, job) => enqueue(job) });
  }

  async run(): Promise<void> {
    if (!(await this.informer.waitForSync())) return;
    await runWorkers(this.queue, this.workers, (key) => this.processJob(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: job ${key}: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private async processJob(key: string): Promise<void> {
    const job = this.informer.lister.get(key);
    if (!job || !this.expired(job, key)) return;
    let fresh: Job;
    try {
      fresh = await this.ctx.client.get<Job>(JOBS, job.metadata!.name!, { namespace: job.metadata!.namespace });
    } catch (err) {
      if (isStatusCode(err, 404)) return;
      throw err;
    }
    if (!this.expired(fresh, key)) return;
    try {
      await this.ctx.client.delete(JOBS, fresh.metadata!.name!, {
        namespace: fresh.metadata!.namespace,
        propagationPolicy: 'Foreground',
        preconditions: { uid: fresh.metadata!.uid },
      });
    } catch (err) {
      if (!isStatusCode(err, 404) && !isStatusCode(err, 409)) throw err;
    }
  }

  /** processTTL: true when the TTL has run out; otherwise the key comes back when it will. */
  private expired(job: Job, key: string): boolean {
    if (job.metadata?.deletionTimestamp || !needsCleanup(job)) return false;
    const finished = jobFinishTime(job);
    if (finished === undefined) return false;
    const left = finished + job.spec!.ttlSecondsAfterFinished! * 1000 - this.ctx.clock.now();
    if (left <= 0) return true;
    this.queue.addAfter(key, left);
    return false;
  }
}

/** needsCleanup: a TTL is set and the Job has finished. */
function needsCleanup(job: Job): boolean {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  return ttl !== undefined && ttl !== null && isJobFinished(job);
}
