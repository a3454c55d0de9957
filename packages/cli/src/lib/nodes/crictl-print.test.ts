import { describe, expect, it } from 'vitest';
import { formatContainers, formatImages, formatLogs, formatSandboxes, humanDuration, humanSize, tabwriter } from './crictl-print.js';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const POD = 'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100';
const IMAGE = 'sha256:39286ab8a5e14aeaf5fdd6e2fac76e0c8d31a0c07224f0ee5e6be502f12e93f3';

describe("crictl's tables", () => {
  it('pads every cell but the last to max(20, widest + 3), as Go\'s tabwriter does with crictl\'s settings', () => {
    expect(tabwriter([['A', 'B', 'C'], ['a-rather-long-cell-value', 'b', 'c']])).toBe(
      'A                          B                   C\n' + 'a-rather-long-cell-value   b                   c\n',
    );
  });

  it('prints ps with truncated IDs, the image ID, the age and the pod', () => {
    const out = formatContainers(
      [{ id: ID, image: IMAGE, createdAt: NOW - 3 * 60_000, state: 'CONTAINER_RUNNING', name: 'nginx', attempt: 1, podSandboxId: POD, podName: 'web-7d4b9', podNamespace: 'default' }],
      NOW,
    );
    expect(out).toBe(
      'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD                 NAMESPACE\n' +
        'a1b2c3d4e5f60       39286ab8a5e14       3 minutes ago       Running             nginx               1                   ffeeddccbbaa9       web-7d4b9           default\n',
    );
    expect(formatContainers([], NOW, { quiet: true })).toBe('');
  });

  it('prints pods (the sandboxes) with their state and the default runtime handler', () => {
    const out = formatSandboxes([{ id: POD, createdAt: NOW - 1500, state: 'SANDBOX_NOTREADY', name: 'web-7d4b9', namespace: 'default', attempt: 0, runtimeHandler: '' }], NOW);
    expect(out.split('\n')[1]).toBe('ffeeddccbbaa9       1 second ago        NotReady            web-7d4b9           default             0                   (default)');
  });

  it('prints a row per tag in images, with the size in decimal units', () => {
    const out = formatImages([{ id: IMAGE, repoTags: ['registry.k8s.io/pause:3.10'], repoDigests: ['registry.k8s.io/pause@sha256:ee6521f2'], size: 320_368, pinned: true }]);
    expect(out).toBe('IMAGE                   TAG                 IMAGE ID            SIZE\n' + 'registry.k8s.io/pause   3.10                39286ab8a5e14       320kB\n');
  });

  it('writes each log line to its stream, with its time when asked', () => {
    const entries = [
      { time: NOW, stream: 'stdout' as const, text: 'ready' },
      { time: NOW + 1, stream: 'stderr' as const, text: 'warn' },
    ];
    expect(formatLogs(entries)).toEqual({ stdout: 'ready\n', stderr: 'warn\n' });
    expect(formatLogs(entries, { timestamps: true }).stdout).toBe('2025-01-01T12:00:00.000000000Z ready\n');
  });
});

describe('go-units', () => {
  it('words durations as HumanDuration does', () => {
    expect([500, 1000, 45_000, 90_000, 59 * 60_000, 80 * 60_000, 5 * 3_600_000, 72 * 3_600_000, 20 * 86_400_000].map(humanDuration)).toEqual([
      'Less than a second',
      '1 second',
      '45 seconds',
      'About a minute',
      '59 minutes',
      'About an hour',
      '5 hours',
      '3 days',
      '2 weeks',
    ]);
  });

  it("sizes as HumanSizeWithPrecision(size, 3): Go's %.3g", () => {
    expect([0, 999, 1000, 67_345_678, 187_654_321, 999_600].map(humanSize)).toEqual(['0B', '999B', '1kB', '67.3MB', '188MB', '1e+03kB']);
  });
});
