import { realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubelabdAccepts, kubelabdBin } from './daemon-bin.js';

describe('the kubelabd binary', () => {
  it('is found through the @kubelab/daemon package', () => {
    // The workspace links node_modules/@kubelab/daemon to packages/daemon.
    expect(realpathSync(kubelabdBin())).toMatch(/packages\/daemon\/bin\/kubelabd\.js$/);
  });

  it('is asked which flags it accepts', () => {
    const bin = kubelabdBin();
    expect(kubelabdAccepts(bin, '--port')).toBe(true);
    expect(kubelabdAccepts(bin, '--no-such-flag')).toBe(false);
  });
});
