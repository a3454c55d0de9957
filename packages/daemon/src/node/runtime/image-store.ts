/**
 * The node's image store (the CRI ImageService): images pulled from the catalogue's
 * "registry", each taking the clock time a real pull would — registry round trip plus its
 * compressed size over the node's bandwidth; a pull of an image already on the node only
 * re-checks the manifest. Concurrent pulls of one reference share one download. The pause
 * image is there from the start and pinned, as kubeadm's pre-pull leaves it.
 */
import type { Clock } from '@kubelab/core';
import { CriError, type Image, type ImageService, type ImageSpec } from './cri.js';
import type { CatalogueImage, ImageCatalogue } from './image-catalogue.js';
import { type ImageReference, parseImageReference } from './image-reference.js';
import type { RuntimeShim } from './shims.js';

export interface ImageStoreOptions {
  clock: Clock;
  catalogue: ImageCatalogue;
  shim: RuntimeShim;
  /** Download speed, bytes per second (default 200 MB/s). */
  pullBandwidth?: number;
  /** One registry round trip (default 150 ms). */
  registryLatencyMs?: number;
}

export interface StoredImage {
  image: CatalogueImage;
  repoTags: Set<string>;
  repoDigests: Set<string>;
  pinned: boolean;
}

export class ImageStore implements ImageService {
  private readonly images = new Map<string, StoredImage>();
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly bandwidth: number;
  private readonly latency: number;

  constructor(private readonly options: ImageStoreOptions) {
    this.bandwidth = options.pullBandwidth ?? 200e6;
    this.latency = options.registryLatencyMs ?? 150;
    const sandbox = parseImageReference(options.shim.sandboxImage);
    const found = options.catalogue.lookup(sandbox);
    if ('image' in found) this.add(sandbox, found.image);
  }

  pullImage(spec: ImageSpec): Promise<string> {
    let ref: ImageReference;
    try {
      ref = parseImageReference(spec.image);
    } catch (err) {
      return Promise.reject(new CriError('InvalidArgument', (err as Error).message));
    }
    const key = ref.normalized;
    let pull = this.inflight.get(key);
    if (!pull) {
      pull = this.pull(ref).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pull);
    }
    return pull;
  }

  async listImages(): Promise<Image[]> {
    return [...this.images.values()].map(toImage);
  }

  async imageStatus(spec: ImageSpec): Promise<Image | undefined> {
    const s = this.find(spec.image);
    return s && toImage(s);
  }

  async removeImage(spec: ImageSpec): Promise<void> {
    const s = this.find(spec.image);
    if (s && !s.pinned) this.images.delete(s.image.id);
  }

  /** The stored image a reference names (by tag, digest or image ID). */
  find(image: string): StoredImage | undefined {
    if (image.startsWith('sha256:')) return this.images.get(image);
    let ref: ImageReference;
    try {
      ref = parseImageReference(image);
    } catch {
      return undefined;
    }
    for (const s of this.images.values()) {
      if (ref.digest ? s.repoDigests.has(`${ref.repository}@${ref.digest}`) : s.repoTags.has(ref.normalized)) return s;
    }
    return undefined;
  }

  private async pull(ref: ImageReference): Promise<string> {
    const found = this.options.catalogue.lookup(ref);
    await this.wait(this.latency);
    if ('error' in found) throw new CriError(found.error === 'tag-not-found' ? 'NotFound' : 'Unknown', this.options.shim.pullError(found.error, ref));
    const have = this.images.get(found.image.id);
    if (!have) await this.wait((found.image.size / this.bandwidth) * 1000);
    this.add(ref, found.image);
    return `${ref.repository}@${found.image.digest}`;
  }

  private add(ref: ImageReference, image: CatalogueImage): void {
    let s = this.images.get(image.id);
    if (!s) {
      s = { image, repoTags: new Set(), repoDigests: new Set(), pinned: image.spec.pinned === true };
      this.images.set(image.id, s);
    }
    if (ref.tag) s.repoTags.add(`${ref.repository}:${ref.tag}`);
    s.repoDigests.add(`${ref.repository}@${image.digest}`);
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => this.options.clock.setTimeout(resolve, Math.round(ms)).unref());
  }
}

function toImage(s: StoredImage): Image {
  return { id: s.image.id, repoTags: [...s.repoTags], repoDigests: [...s.repoDigests], size: s.image.size, pinned: s.pinned };
}
