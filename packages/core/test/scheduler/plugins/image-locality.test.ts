import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../../src/scheduler/framework/snapshot.js';
import { ImageLocality, calculatePriority, normalizedImageName } from '../../../src/scheduler/plugins/imagelocality/image-locality.js';
import { fakeHandle, node, pod } from '../builders.js';
import { scores } from './harness.js';

const MB = 1024 * 1024;

describe('ImageLocality', () => {
  it('prefers the node that has the image, scaled by size and how many nodes have it', () => {
    // 500 MiB on one of two nodes: 500 × 1/2 = 250 MiB → 100 × (250 − 23) / (1000 − 23) = 23
    const snap = Snapshot.fromObjects([node('has', { images: [{ names: ['app:v1'], sizeBytes: 500 * MB }] }), node('lacks')]);
    expect(scores(new ImageLocality(fakeHandle(snap)), pod('p', { image: 'app:v1' }), snap.list()).raw).toEqual([23, 0]);
  });

  it('gives nothing for images under 23 MiB', () => {
    expect(calculatePriority(10 * MB, 1)).toBe(0);
  });

  it.each([
    ['nginx', 'nginx:latest'],
    ['registry:5000/app', 'registry:5000/app:latest'],
    ['nginx:1.27', 'nginx:1.27'],
  ])('reads %s as %s', (name, want) => {
    expect(normalizedImageName(name)).toBe(want);
  });
});
