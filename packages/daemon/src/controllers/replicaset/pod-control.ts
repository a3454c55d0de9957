/**
 * PodControl (pkg/controller/controller_utils.go RealPodControl): how a workload controller
 * creates and deletes its pods, leaving upstream's Events on the owner —
 *
 *   Normal  SuccessfulCreate  Created pod: web-7d9f8c6b5-x2x4k
 *   Warning FailedCreate      Error creating: pods "web-…" is forbidden: exceeded quota: …
 *   Normal  SuccessfulDelete  Deleted pod: web-7d9f8c6b5-x2x4k
 *   Warning FailedDelete      Error deleting: …
 *
 * A pod made from a template takes the template's labels, annotations, finalizers and spec,
 * is named "<owner>-<random suffix>" by the API server (generateName), and carries its
 * owner's controller reference.
 */
import { type KubeObject, type OwnerReference, type ResourceType, StatusError, resourceFor } from '@kubelab/core';
import { type KubeClient, isStatus } from '@kubelab/core/client/client';
import { type EventRecorder, referenceTo } from '../events.js';
import type { Pod, PodTemplateSpec } from './pod-util.js';

export const PODS = resourceFor('', 'v1', 'pods')!;

/** The cause the API server sets when a create fails because the namespace is terminating. */
const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

/** GetPodFromTemplate: the pod a controller would create from template. */
export function podFromTemplate(template: PodTemplateSpec | undefined, parent: KubeObject, controllerRef?: OwnerReference): Pod {
  const t = template ?? {};
  const meta = t.metadata ?? {};
  const name = parent.metadata?.name ?? '';
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: parent.metadata?.namespace,
      // getPodsPrefix: "<name>-" unless that could not prefix a valid name.
      generateName: name.length + 1 <= 253 ? `${name}-` : name,
      labels: { ...(meta.labels ?? {}) },
    },
    spec: structuredClone(t.spec ?? {}),
  };
  if (meta.annotations && Object.keys(meta.annotations).length > 0) pod.metadata!.annotations = { ...meta.annotations };
  if (meta.finalizers && meta.finalizers.length > 0) pod.metadata!.finalizers = [...meta.finalizers];
  if (controllerRef) pod.metadata!.ownerReferences = [controllerRef];
  return pod;
}

/** True when err says the namespace is being deleted (nothing more can be created in it). */
export function isNamespaceTerminating(err: unknown): boolean {
  if (!(err instanceof StatusError)) return false;
  if ((err.status.details?.causes ?? []).some((c) => c.reason === NAMESPACE_TERMINATING_CAUSE)) return true;
  return err.code === 403 && (err.message ?? '').includes('because it is being terminated');
}

export class PodControl {
  constructor(
    private readonly client: KubeClient,
    private readonly recorder: EventRecorder,
    /** The owners' resource: Events name their kind even when cached objects lack it. */
    private readonly ownerRt: ResourceType,
  ) {}

  /**
   * CreatePodsWithGenerateName: creates one pod from template for owner. `generateName`
   * overrides the owner-derived prefix (Indexed Jobs name pods "<job>-<index>-").
   */
  async createPod(
    namespace: string,
    template: PodTemplateSpec | undefined,
    owner: KubeObject,
    controllerRef: OwnerReference,
    generateName?: string,
  ): Promise<Pod> {
    const pod = podFromTemplate(template, owner, controllerRef);
    if (generateName) pod.metadata!.generateName = generateName;
    return this.create(namespace, pod, owner);
  }

  /** Creates an already built pod (StatefulSets name theirs), with the same events. */
  async create(namespace: string, pod: Pod, owner: KubeObject): Promise<Pod> {
    if (Object.keys(pod.metadata?.labels ?? {}).length === 0) throw new Error('unable to create pods, no labels');
    try {
      const created = await this.client.create<Pod>(PODS, pod, { namespace });
      this.recorder.event(referenceTo(owner, this.ownerRt), 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name ?? ''}`);
      return created;
    } catch (err) {
      if (!isNamespaceTerminating(err)) this.recorder.event(referenceTo(owner, this.ownerRt), 'Warning', 'FailedCreate', `Error creating: ${describe(err)}`);
      throw err;
    }
  }

  /** DeletePod: a 404 is passed back without an event (someone was faster). */
  async deletePod(namespace: string, name: string, owner: KubeObject): Promise<void> {
    try {
      await this.client.delete(PODS, name, { namespace });
    } catch (err) {
      if (isStatus(err, 404)) throw err;
      this.recorder.event(referenceTo(owner, this.ownerRt), 'Warning', 'FailedDelete', `Error deleting: ${describe(err)}`);
      throw new Error(`unable to delete pods: ${describe(err)}`);
    }
    this.recorder.event(referenceTo(owner, this.ownerRt), 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
  }

  /** PatchPod: a strategic merge patch (finalizer removal, adoption). */
  async patchPod(namespace: string, name: string, patch: unknown): Promise<Pod> {
    return this.client.patch<Pod>(PODS, name, 'strategic', patch, { namespace });
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
