/**
 * The kubelet's image manager (pkg/kubelet/images/image_manager.go EnsureImageExists):
 * honours imagePullPolicy against the node's image store, pulls one image at a time
 * (serializeImagePulls), records Pulling / Pulled / Failed / BackOff events, and backs off
 * failing pulls 10 s → 5 min per image, during which the container waits in
 * ImagePullBackOff instead of ErrImagePull.
 */
import type { Clock } from '@kubelab/core';
import type { ObjectReference } from '../../controllers/events.js';
import { CriError, type ImageService } from '../runtime/cri.js';
import { InvalidImageName, parseImageReference } from '../runtime/image-reference.js';
import { Backoff, goDuration } from './backoff.js';
import { Messages, Reasons } from './events.js';
import type { ContainerSpec, Pod } from './pod-types.js';

export type ImageResult = { ok: true; imageRef: string } | { ok: false; reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName'; message: string; retryAt: number };

export type Recorder = (ref: ObjectReference, type: 'Normal' | 'Warning', reason: string, message: string) => void;

export class ImageManager {
  private readonly backoff: Backoff;
  private readonly serialize: boolean;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly images: ImageService,
    private readonly clock: Clock,
    private readonly record: Recorder,
    options: { serialize: boolean; backoff: { initial: number; max: number } },
  ) {
    this.backoff = new Backoff(clock, options.backoff.initial, options.backoff.max);
    this.serialize = options.serialize;
  }

  async ensureImageExists(pod: Pod, c: ContainerSpec, ref: ObjectReference): Promise<ImageResult> {
    const image = c.image;
    try {
      parseImageReference(image);
    } catch (err) {
      if (!(err instanceof InvalidImageName)) throw err;
      const message = Messages.invalidImageName(image);
      this.record(ref, 'Warning', Reasons.InspectFailed, message);
      return { ok: false, reason: 'InvalidImageName', message, retryAt: Number.POSITIVE_INFINITY };
    }
    const policy = c.imagePullPolicy ?? (image.endsWith(':latest') || !/:[^/]+$/.test(image.split('@')[0]!) ? 'Always' : 'IfNotPresent');
    const present = await this.images.imageStatus({ image });
    if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
      if (present) {
        this.record(ref, 'Normal', Reasons.Pulled, Messages.alreadyPresent(image));
        return { ok: true, imageRef: present.repoDigests[0] ?? present.id };
      }
      const message = Messages.neverPull(image);
      this.record(ref, 'Warning', Reasons.ErrImageNeverPull, message);
      return { ok: false, reason: 'ErrImageNeverPull', message, retryAt: this.clock.now() + 10_000 };
    }
    const key = `${pod.metadata?.uid ?? ''}/${image}`;
    const now = this.clock.now();
    if (this.backoff.isInBackOffSinceUpdate(key, now)) {
      const message = Messages.backOffPulling(image);
      this.record(ref, 'Normal', Reasons.BackOff, message);
      this.record(ref, 'Warning', Reasons.Failed, Messages.error('ImagePullBackOff'));
      return { ok: false, reason: 'ImagePullBackOff', message, retryAt: this.backoff.updateExpiresAt(key) };
    }
    this.record(ref, 'Normal', Reasons.Pulling, Messages.pulling(image));
    const queued = this.clock.now();
    let started = queued;
    const pull = async () => {
      started = this.clock.now();
      return this.images.pullImage({ image });
    };
    try {
      const imageRef = await (this.serialize ? this.enqueue(pull) : pull());
      const end = this.clock.now();
      const size = (await this.images.imageStatus({ image }))?.size ?? 0;
      this.record(ref, 'Normal', Reasons.Pulled, Messages.pulled(image, goDuration(end - started), goDuration(end - queued), size));
      this.backoff.reset(key);
      return { ok: true, imageRef };
    } catch (err) {
      const text = err instanceof CriError ? err.message : String((err as Error)?.message ?? err);
      this.record(ref, 'Warning', Reasons.Failed, Messages.failedToPull(image, text));
      this.record(ref, 'Warning', Reasons.Failed, Messages.error('ErrImagePull'));
      this.backoff.next(key, this.clock.now());
      return { ok: false, reason: 'ErrImagePull', message: text, retryAt: this.backoff.updateExpiresAt(key) };
    }
  }

  /** Forgets a pod's pull back-offs. */
  forgetPod(uid: string): void {
    this.backoff.forgetPrefix(`${uid}/`);
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
