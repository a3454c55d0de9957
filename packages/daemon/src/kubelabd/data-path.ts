/**
 * The daemon's data path: kube-proxy's Service map (one set of informers for every node),
 * the per-node rules it starts and stops with each node, and the DataPath that wraps the
 * node manager's pod network — so connections from containers, the kubelet's probes and
 * `kubelab curl` all go through each node's iptables rules and cluster DNS.
 */
import type { Clock } from '@kubelab/core';
import { KubeClient } from '@kubelab/core/client/client';
import { type InProcessHandler, InProcessTransport } from '@kubelab/core/client/in-process';
import { newRandom } from '@kubelab/core/scheduler/algorithm/random';
import type { NodeLifecycleListener } from '../node/node-manager.js';
import { DataPath } from '../node/network/data-path.js';
import { type DataPlane, dataPlane } from '../node/network/data-plane.js';
import type { ClusterNetwork } from '../node/network/network.js';
import type { PodNetwork } from '../node/network/pod-network.js';
import { KUBE_PROXY_USER_AGENT, ServiceProxy } from '../node/proxy/kube-proxy.js';
import { kubeProxyLifecycle } from '../node/proxy/kube-proxy-lifecycle.js';

export interface DaemonDataPath {
  /** NodeManagerOptions.network: the pod network wrapped in the data path. */
  wrap(pods: PodNetwork): ClusterNetwork;
  lifecycle: NodeLifecycleListener;
  proxy: ServiceProxy;
  dataPlane(): DataPlane;
  stop(): Promise<void>;
}

export async function startDataPath(options: { handler: InProcessHandler; clock: Clock; seed?: number }): Promise<DaemonDataPath> {
  const client = new KubeClient(new InProcessTransport(options.handler, { userAgent: KUBE_PROXY_USER_AGENT }));
  const proxy = new ServiceProxy({ client, clock: options.clock, onError: () => undefined });
  await proxy.start();
  // The statistic matches' dice: reproducible with --seed, like the scheduler's ties.
  const random = newRandom(options.seed === undefined ? undefined : options.seed + 1);
  let path: DataPath | undefined;
  return {
    wrap(pods) {
      path = new DataPath({ pods, proxy, clock: options.clock, random });
      return path;
    },
    lifecycle: kubeProxyLifecycle(proxy),
    proxy,
    dataPlane() {
      if (!path) throw new Error('data path: the node manager has not wrapped its pod network yet');
      return dataPlane(path, proxy);
    },
    stop: () => proxy.stop(),
  };
}
