/**
 * A process host for shell tests: a container filesystem with optional volumes, a
 * FakeClock, a scripted network, and every tool on the PATH.
 */
import { FakeClock } from '@kubelab/core';
import type { ClusterNetwork, ConnectRequest, ConnectResult, DnsAnswer } from '../../src/node/network/network.js';
import { bindNetwork } from '../../src/node/network/network.js';
import { ContainerFs, type ContainerMount } from '../../src/node/runtime/container-fs.js';
import { TOOLS } from '../../src/node/shell/builtins/index.js';
import { SHELL } from '../../src/node/shell/sh.js';
import { CaptureSink, type ConnectionHandler, Killed, type ProcessHost } from '../../src/node/shell/process.js';

export interface Ran {
  status: number;
  stdout: string;
  stderr: string;
}

export interface ShellHarness {
  clock: FakeClock;
  host: ProcessHost;
  fs: ContainerFs;
  /** Runs `sh -c script` to completion, advancing the clock 1 s at a time while it waits. */
  sh(script: string, env?: Record<string, string>): Promise<Ran>;
  listeners: Map<number, ConnectionHandler>;
}

export function shellHarness(options: { mounts?: ContainerMount[]; files?: Record<string, string>; network?: Partial<ClusterNetwork> } = {}): ShellHarness {
  const clock = new FakeClock();
  const fs = new ContainerFs(options.files ?? {}, options.mounts ?? [], '/');
  const listeners = new Map<number, ConnectionHandler>();
  const network: ClusterNetwork = {
    resolve: options.network?.resolve ?? (async (): Promise<DnsAnswer> => ({ error: 'timeout' })),
    connect: options.network?.connect ?? (async (_r: ConnectRequest): Promise<ConnectResult> => ({ outcome: 'refused' })),
  };
  const host: ProcessHost = {
    hostname: 'web-1',
    fs,
    network: bindNetwork(network, { nodeName: 'worker-1', ip: '10.244.1.2' }),
    cpus: 2,
    now: () => clock.now(),
    sleep: (ms) =>
      new Promise((resolve, reject) => {
        if (!Number.isFinite(ms)) return reject(new Killed('SIGKILL'));
        clock.setTimeout(resolve, ms);
      }),
    lookPath: (name) => (name.includes('/') ? TOOLS.get(name.slice(name.lastIndexOf('/') + 1)) : TOOLS.get(name)),
    allocate: () => undefined,
    burnCpu: () => undefined,
    listen: (port, _p, handler) => listeners.set(port, handler),
    replaceProcess: () => undefined,
  };
  return {
    clock,
    host,
    fs,
    listeners,
    async sh(script, env = {}) {
      const stdout = new CaptureSink();
      const stderr = new CaptureSink();
      let done = false;
      const run = SHELL.run(
        { name: 'sh', env: new Map(Object.entries({ PATH: '/bin', HOME: '/root', ...env })), cwd: '/', stdin: '', stdout, stderr, host },
        ['-c', script],
      ).finally(() => (done = true));
      for (let i = 0; i < 10_000 && !done; i++) {
        await new Promise((r) => setImmediate(r));
        if (!done) clock.advance(1000);
      }
      return { status: await run, stdout: stdout.text, stderr: stderr.text };
    },
  };
}
