/**
 * ImageLocality (Score): prefer nodes that already have the pod's images, weighted by image
 * size and by how widely the image is spread (an image on every node says little):
 *
 *   sum   = Σ over the pod's (init) containers whose image the node has: size × nodesWithImage / allNodes
 *   score = 100 × (clamp(sum, 23 MiB, 1000 MiB × containers) − 23 MiB) / (1000 MiB × containers − 23 MiB)
 *
 * An image without a tag or digest counts as ":latest".
 */
import { type CycleState, ImmutableState, StateKey } from '../../framework/cycle-state.js';
import type { Handle, PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import type { Status } from '../../framework/status.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { MAX_NODE_SCORE } from '../../framework/status.js';
import { Names } from '../names.js';

const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

class PreScoreState extends ImmutableState {
  constructor(
    readonly images: readonly string[],
    readonly totalNodes: number,
  ) {
    super();
  }
}

const PRE_SCORE = new StateKey<PreScoreState>(`PreScore${Names.ImageLocality}`);

export class ImageLocality implements PreScorePlugin, ScorePlugin {
  readonly name = Names.ImageLocality;

  constructor(private readonly handle: Pick<Handle, 'snapshot'>) {}

  /** Normalises the pod's image names and counts the nodes once per cycle (kubelab's; upstream recomputes per node). */
  preScore(state: CycleState, pod: PodInfo): Status | null {
    state.write(PRE_SCORE, new PreScoreState(this.imagesOf(pod), this.handle.snapshot().numNodes()));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const s0 = state.read(PRE_SCORE);
    const images = s0 ? s0.images : this.imagesOf(pod);
    if (nodeInfo.imageStates.size === 0) return calculatePriority(0, images.length);
    const total = s0 ? s0.totalNodes : this.handle.snapshot().numNodes();
    let sum = 0;
    for (const image of images) {
      const s = image ? nodeInfo.imageStates.get(image) : undefined;
      if (s) sum += Math.trunc(s.size * (s.nodes.size / total));
    }
    return calculatePriority(sum, images.length);
  }

  /** The pod's (init) container images, normalised once per pod. */
  private imagesOf(pod: PodInfo): readonly string[] {
    let images = this.images.get(pod);
    if (!images) {
      const spec = pod.pod.spec ?? {};
      images = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => (c.image ? normalizedImageName(c.image) : ''));
      this.images.set(pod, images);
    }
    return images;
  }

  private readonly images = new WeakMap<PodInfo, readonly string[]>();
}

export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  let s = sumScores;
  if (s < MIN_THRESHOLD) s = MIN_THRESHOLD;
  else if (s > maxThreshold) s = maxThreshold;
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

/** "nginx" → "nginx:latest"; "registry:5000/app" → "registry:5000/app:latest"; tagged names unchanged. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(':') <= name.lastIndexOf('/')) return `${name}:latest`;
  return name;
}
