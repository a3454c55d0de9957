import { describe, expect, it } from 'vitest';
import { rolloutStatus } from './status.js';

const deploy = (status: Record<string, unknown>, generation = 2) => ({ metadata: { name: 'web', generation }, spec: { replicas: 3 }, status: { observedGeneration: 2, ...status } });

describe('rollout status, as kubectl judges a deployment', () => {
  it('walks through kubectl\'s messages to "successfully rolled out"', () => {
    expect(rolloutStatus('Deployment', deploy({}, 3)).message).toBe('Waiting for deployment spec update to be observed...');
    expect(rolloutStatus('Deployment', deploy({ updatedReplicas: 1, replicas: 3 })).message).toBe('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...');
    expect(rolloutStatus('Deployment', deploy({ updatedReplicas: 3, replicas: 4 })).message).toBe('Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...');
    expect(rolloutStatus('Deployment', deploy({ updatedReplicas: 3, replicas: 3, availableReplicas: 2 })).message).toBe('Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...');
    expect(rolloutStatus('Deployment', deploy({ updatedReplicas: 3, replicas: 3, availableReplicas: 3 }))).toEqual({ message: 'deployment "web" successfully rolled out', done: true });
  });

  it('fails once the progress deadline is exceeded', () => {
    expect(() => rolloutStatus('Deployment', deploy({ conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded' }] }))).toThrow('deployment "web" exceeded its progress deadline');
  });
});
