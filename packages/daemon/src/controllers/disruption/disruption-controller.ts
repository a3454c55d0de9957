/**
 * The disruption controller (pkg/controller/disruption/disruption.go): keeps each
 * PodDisruptionBudget's status, which the eviction API (pods/eviction, `kubectl drain`)
 * spends and checks:
 *
 *   expectedPods        how many pods there should be: the selected pods for an integer
 *                       minAvailable; the scale of their controllers (expected-scale.ts)
 *                       for maxUnavailable or a percentage
 *   desiredHealthy      minAvailable (a percentage of expectedPods rounded up), or
 *                       expectedPods − maxUnavailable (rounded up), at least 0
 *   currentHealthy      selected pods that are Ready, not being deleted and not just evicted
 *   disruptionsAllowed  currentHealthy − desiredHealthy (0 when negative or when no pod is expected)
 *   disruptedPods       pods the eviction API let go and that are still not deleted; an entry
 *                       lapses after DeletionTimeout (2 minutes)
 *   observedGeneration  the spec generation this status is for — evictions wait for it
 *
 * plus the condition DisruptionAllowed (SufficientPods / InsufficientPods, SyncFailed when
 * the status cannot be calculated, which also forces disruptionsAllowed to 0: fail safe).
 * Events: NoPods, CalculateExpectedPodCountFailed, UnmanagedPods, NotDeleted.
 */
import { type KubeObject, type LabelSelector, resourceFor, selectorFromLabelSelector, timestamp } from '@kubelab/core';
import { type SharedInformer, waitForCacheSync } from '@kubelab/core/cache/informer';
import { deletedObject, metaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, isStatusCode, runWorkers } from '../controller.js';
import { jsonEqual } from '../endpoint/endpoint-util.js';
import { type Pod, isPodReady } from '../endpoint/pod-util.js';
import type { EventRecorder } from '../events.js';
import { ExpectedScale, scaledValue } from './expected-scale.js';

const PDBS = resourceFor('policy', 'v1', 'poddisruptionbudgets')!;
const PODS = resourceFor('', 'v1', 'pods')!;

/** DeletionTimeout: how long an evicted pod may take to be deleted before it counts again. */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}

interface PdbStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  expectedPods?: number;
  conditions?: Condition[];
}

export interface PodDisruptionBudget extends KubeObject {
  spec?: { selector?: LabelSelector | null; minAvailable?: number | string; maxUnavailable?: number | string };
  status?: PdbStatus;
}

export class DisruptionController implements Controller {
  readonly name = 'disruption-controller';
  private readonly pdbs: SharedInformer<PodDisruptionBudget>;
  private readonly pods: SharedInformer<Pod>;
  private readonly queue: RateLimitingQueue<string>;
  private readonly recorder: EventRecorder;
  private readonly scales: ExpectedScale;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'disruption' });
    this.recorder = ctx.recorder('controllermanager');
    this.scales = new ExpectedScale(ctx.client);
    this.pdbs = ctx.informers.informerFor<PodDisruptionBudget>(PDBS);
    this.pods = ctx.informers.informerFor<Pod>(PODS);
    this.pdbs.addEventHandler({
      onAdd: (p) => this.queue.add(metaNamespaceKey(p)),
      onUpdate: (_o, p) => this.queue.add(metaNamespaceKey(p)),
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.enqueuePdbsOf(p),
      onUpdate: (old, p) => {
        this.enqueuePdbsOf(p);
        if (!jsonEqual(old.metadata?.labels ?? {}, p.metadata?.labels ?? {})) this.enqueuePdbsOf(old);
      },
      onDelete: (p) => this.enqueuePdbsOf(deletedObject(p)),
    });
  }

  async run(): Promise<void> {
    if (!(await waitForCacheSync(this.pdbs, this.pods))) return;
    await runWorkers(this.queue, 1, (key) => this.sync(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: Error syncing PodDisruptionBudget ${key}, requeuing: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private enqueuePdbsOf(pod: Pod): void {
    const ns = pod.metadata?.namespace;
    if (!ns) return;
    for (const pdb of this.pdbs.lister.namespace(ns).list()) {
      if (selectorFromLabelSelector(pdb.spec?.selector)?.matches(pod.metadata?.labels)) this.queue.add(metaNamespaceKey(pdb));
    }
  }

  private async sync(key: string): Promise<void> {
    const pdb = this.pdbs.lister.get(key);
    if (!pdb) return;
    try {
      await this.trySync(pdb);
    } catch (err) {
      if (isStatusCode(err, 409)) throw err;
      await this.failSafe(pdb, describeError(err));
      throw err;
    }
  }

  private async trySync(pdb: PodDisruptionBudget): Promise<void> {
    // A nil selector selects nothing; an empty one every pod of the namespace (policy/v1).
    const selector = selectorFromLabelSelector(pdb.spec?.selector);
    const pods = selector ? [...this.pods.lister.namespace(pdb.metadata!.namespace!).list(selector)] : [];
    if (pods.length === 0) this.recorder.event(pdb, 'Normal', 'NoPods', 'No matching pods found');
    let expected: { expectedCount: number; desiredHealthy: number; unmanagedPods: string[] };
    try {
      expected = await this.getExpectedPodCount(pdb, pods);
    } catch (err) {
      this.recorder.event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${describeError(err)}`);
      throw err;
    }
    if (expected.unmanagedPods.length > 0) {
      this.recorder.event(
        pdb,
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${JSON.stringify(pdb.spec?.selector ?? null)}) were found to be unmanaged. ` +
          'As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. ' +
          'To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
      );
    }
    const now = this.ctx.clock.now();
    const { disruptedPods, recheckAt } = this.buildDisruptedPodMap(pods, pdb, now);
    const currentHealthy = countHealthyPods(pods, disruptedPods, now);
    await this.updatePdbStatus(pdb, currentHealthy, expected.desiredHealthy, expected.expectedCount, disruptedPods);
    if (recheckAt !== undefined) this.queue.addAfter(metaNamespaceKey(pdb), recheckAt - now);
  }

  private async getExpectedPodCount(pdb: PodDisruptionBudget, pods: Pod[]) {
    const { minAvailable, maxUnavailable } = pdb.spec ?? {};
    let expectedCount = 0;
    let desiredHealthy = 0;
    let unmanagedPods: string[] = [];
    if (maxUnavailable !== undefined && maxUnavailable !== null) {
      ({ expectedCount, unmanagedPods } = await this.scales.getExpectedScale(pods));
      desiredHealthy = Math.max(0, expectedCount - scaledValue(maxUnavailable, expectedCount));
    } else if (typeof minAvailable === 'number') {
      desiredHealthy = minAvailable;
      expectedCount = pods.length;
    } else if (typeof minAvailable === 'string') {
      ({ expectedCount, unmanagedPods } = await this.scales.getExpectedScale(pods));
      desiredHealthy = scaledValue(minAvailable, expectedCount);
    }
    return { expectedCount, desiredHealthy, unmanagedPods };
  }

  /** buildDisruptedPodMap: keep entries of pods still there and not yet past DeletionTimeout. */
  private buildDisruptedPodMap(pods: Pod[], pdb: PodDisruptionBudget, now: number) {
    const recorded = pdb.status?.disruptedPods ?? {};
    const disruptedPods: Record<string, string> = {};
    let recheckAt: number | undefined;
    for (const pod of pods) {
      if (pod.metadata?.deletionTimestamp) continue;
      const at = recorded[pod.metadata!.name!];
      if (at === undefined) continue;
      const expectedDeletion = Date.parse(at) + DELETION_TIMEOUT_MS;
      if (expectedDeletion < now) {
        this.recorder.event(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata!.namespace}/${pdb.metadata!.name} to be deleted but it wasn't`);
      } else {
        if (recheckAt === undefined || expectedDeletion < recheckAt) recheckAt = expectedDeletion;
        disruptedPods[pod.metadata!.name!] = at;
      }
    }
    return { disruptedPods, recheckAt };
  }

  private async updatePdbStatus(pdb: PodDisruptionBudget, currentHealthy: number, desiredHealthy: number, expectedCount: number, disruptedPods: Record<string, string>): Promise<void> {
    let disruptionsAllowed = currentHealthy - desiredHealthy;
    if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
    const generation = pdb.metadata?.generation ?? 0;
    const status: PdbStatus = {
      observedGeneration: generation,
      disruptionsAllowed,
      currentHealthy,
      desiredHealthy,
      expectedPods: expectedCount,
      conditions: pdb.status?.conditions ?? [],
    };
    if (Object.keys(disruptedPods).length) status.disruptedPods = disruptedPods;
    status.conditions = setCondition(
      status.conditions!,
      disruptionsAllowed > 0
        ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: generation }
        : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: generation },
      this.ctx.clock.now(),
    );
    if (jsonEqual(pdb.status ?? {}, status)) return;
    await this.ctx.client.updateStatus(PDBS, { ...pdb, status });
  }

  /** failSafe: if the status cannot be calculated, at least allow no disruption. */
  private async failSafe(pdb: PodDisruptionBudget, message: string): Promise<void> {
    const status: PdbStatus = { ...(pdb.status ?? {}), disruptionsAllowed: 0 };
    status.conditions = setCondition(
      status.conditions ?? [],
      { type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message, observedGeneration: pdb.status?.observedGeneration ?? 0 },
      this.ctx.clock.now(),
    );
    try {
      await this.ctx.client.updateStatus(PDBS, { ...pdb, status });
    } catch (err) {
      this.ctx.log.info(`${this.name}: fail-safe status update of ${metaNamespaceKey(pdb)}: ${describeError(err)}`);
    }
  }
}

/** countHealthyPods: Ready, not being deleted, not evicted within DeletionTimeout. */
function countHealthyPods(pods: Pod[], disruptedPods: Record<string, string>, now: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const at = disruptedPods[pod.metadata!.name!];
    if (at !== undefined && Date.parse(at) + DELETION_TIMEOUT_MS > now) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

/** apimeta.SetStatusCondition: lastTransitionTime moves only when the status changes. */
function setCondition(conditions: Condition[], c: Condition, now: number): Condition[] {
  const old = conditions.find((x) => x.type === c.type);
  const next: Condition = { ...c, lastTransitionTime: old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : timestamp(now) };
  return [...conditions.filter((x) => x.type !== c.type), next];
}
