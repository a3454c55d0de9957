/**
 * Mirror pods (pkg/kubelet/pod/mirror_client.go): the API server's view of a static pod. The
 * kubelet creates, for each static pod it runs, a pod of the same name and namespace whose
 * annotation kubernetes.io/config.mirror holds the static pod's hash, owned by the Node
 * (the MirrorPodNodeRestriction ownerReference: apiVersion v1, kind Node, controller true),
 * and writes the static pod's status to it.
 *
 * The mirror only mirrors: deleting it does not stop the static pod — the kubelet deletes
 * what is being deleted and creates it again — and a mirror whose hash is not the static
 * pod's (the manifest was edited) is replaced. When the manifest is removed, the kubelet
 * stops the pod and deletes its mirror.
 */
import { resourceFor } from '@kubelab/core';
import { type KubeClient, isStatus } from '@kubelab/core/client/client';
import type { Pod } from './pod-types.js';
import { CONFIG_MIRROR } from './static-pods.js';

const PODS = resourceFor('', 'v1', 'pods')!;

export function isMirrorPod(pod: Pod): boolean {
  return !!pod.metadata?.annotations?.[CONFIG_MIRROR];
}

export interface MirrorPodsOptions {
  client: KubeClient;
  nodeName: string;
  nodeUid(): string | undefined;
  log(message: string): void;
}

export class MirrorPods {
  /** Mirror pods in the API server by "namespace/name". */
  private readonly mirrors = new Map<string, Pod>();

  constructor(private readonly options: MirrorPodsOptions) {}

  /** A mirror pod was added or changed in the API server. */
  observe(pod: Pod): void {
    this.mirrors.set(keyOf(pod), pod);
  }

  /** A mirror pod is gone from the API server. */
  forget(pod: Pod): void {
    const key = keyOf(pod);
    if (this.mirrors.get(key)?.metadata?.uid === pod.metadata?.uid) this.mirrors.delete(key);
  }

  /**
   * Makes the API server's mirror of staticPod current: creates it, or replaces a stale or
   * deleted one. True when a new mirror was created (its status is yet to be written).
   */
  async ensure(staticPod: Pod): Promise<boolean> {
    const key = keyOf(staticPod);
    const hash = staticPod.metadata!.uid!;
    const mirror = this.mirrors.get(key);
    if (mirror && mirror.metadata?.annotations?.[CONFIG_MIRROR] === hash && !mirror.metadata?.deletionTimestamp) return false;
    if (mirror) {
      this.options.log(`"Deleting mirror pod" pod="${key}" reason="${mirror.metadata?.deletionTimestamp ? 'being deleted' : 'outdated'}"`);
      await this.delete(mirror);
    }
    const nodeUid = this.options.nodeUid();
    if (!nodeUid) return false;
    const m = staticPod.metadata!;
    const copy: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: m.name,
        namespace: m.namespace,
        labels: m.labels,
        annotations: { ...(m.annotations ?? {}), [CONFIG_MIRROR]: hash },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.options.nodeName, uid: nodeUid, controller: true }],
      },
      spec: structuredClone(staticPod.spec),
    } as Pod;
    try {
      const created = await this.options.client.create<Pod>(PODS, copy, { namespace: m.namespace });
      this.mirrors.set(key, created);
      this.options.log(`"Created mirror pod" pod="${key}"`);
      return true;
    } catch (err) {
      if (!isStatus(err, 409)) throw err;
      // Someone else's pod of that name: look at it again on the next sync.
      const existing = await this.options.client.get<Pod>(PODS, m.name!, { namespace: m.namespace });
      this.mirrors.set(key, existing);
      return false;
    }
  }

  /** The static pod is gone: so goes its mirror. */
  async remove(staticPod: Pod): Promise<void> {
    const mirror = this.mirrors.get(keyOf(staticPod));
    // Only its own mirror: an edited manifest's new pod may already have replaced it.
    if (mirror && mirror.metadata?.annotations?.[CONFIG_MIRROR] === staticPod.metadata?.uid) await this.delete(mirror);
  }

  private async delete(mirror: Pod): Promise<void> {
    const m = mirror.metadata!;
    try {
      await this.options.client.delete(PODS, m.name!, { namespace: m.namespace, gracePeriodSeconds: 0, preconditions: { uid: m.uid } });
    } catch (err) {
      if (!isStatus(err, 404) && !isStatus(err, 409)) throw err;
    }
    this.forget(mirror);
  }
}

function keyOf(pod: Pod): string {
  return `${pod.metadata?.namespace}/${pod.metadata?.name}`;
}
