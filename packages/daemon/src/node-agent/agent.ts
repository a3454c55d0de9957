/**
 * The node agent: kubelets (and their container runtimes) in a process of their own, against
 * any kubelab API server, through the API only — as a real kubelet runs on its machine and
 * knows the control plane only by its URL and credentials (ARCHITECTURE.md rule 1). The same
 * NodeManager as in the daemon, over an HTTPS client instead of the in-process transport.
 *
 * Each node takes an index no Node of the cluster uses yet (node-index.ts), so its podCIDR and
 * InternalIP do not collide with the daemon's nodes or another agent's. What the agent's nodes
 * do not have, being in another process: the daemon's data path (their pods reach each other,
 * not the daemon's pods or Services). The API server reaches their kubelets for `kubectl logs`
 * and `exec` through the agent's kubelet endpoint (kubelet-endpoint.ts).
 */
import { type Clock, RealClock, resourceFor } from '@kubelab/core';
import { KubeClient } from '@kubelab/core/client/client';
import { HttpTransport } from '@kubelab/core/client/http';
import { KUBELET_ENDPOINT_ANNOTATION } from '../node/admin/remote-kubelet.js';
import { nodeIndexFor } from '../node/admin/node-index.js';
import type { KubeletConfiguration } from '../node/kubelet/config.js';
import { KUBELET_USER_AGENT, type NodeDefaults, NodeManager, type SimulatedNode } from '../node/node-manager.js';
import { type KubeletEndpoint, startKubeletEndpoint } from './kubelet-endpoint.js';

const NODES = resourceFor('', 'v1', 'nodes')!;

export interface NodeAgentOptions {
  server: string;
  token?: string;
  caPem?: string;
  insecureSkipTlsVerify?: boolean;
  /** The nodes this agent runs. */
  nodes: string[];
  defaults?: Partial<NodeDefaults>;
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: string }>;
  kubelet?: Partial<KubeletConfiguration>;
  clock?: Clock;
  log?: (line: string) => void;
}

export interface NodeAgent {
  manager: NodeManager;
  nodes: SimulatedNode[];
  /** Stops every kubelet (their Nodes go Unknown after the grace period) and the informers. */
  stop(): Promise<void>;
}

export async function startNodeAgent(options: NodeAgentOptions): Promise<NodeAgent> {
  const transport = new HttpTransport({ server: options.server, token: options.token, caPem: options.caPem, insecureSkipTlsVerify: options.insecureSkipTlsVerify, userAgent: KUBELET_USER_AGENT });
  const client = new KubeClient(transport);
  const log = options.log ?? (() => undefined);
  const manager = new NodeManager({
    client,
    clock: options.clock ?? new RealClock(),
    defaults: options.defaults,
    kubelet: options.kubelet,
    log: { info: () => undefined, error: (m) => log(`kubelet: ${m}`) },
  });
  const nodes: SimulatedNode[] = [];
  let endpoint: KubeletEndpoint | undefined;
  try {
    await manager.start(0);
    endpoint = await startKubeletEndpoint({ connection: manager, server: options.server, caPem: options.caPem, insecureSkipTlsVerify: options.insecureSkipTlsVerify, nodeName: options.nodes[0] ?? '' });
    for (const name of options.nodes) {
      const existing = (await client.list(NODES)).items;
      const index = nodeIndexFor(name, existing, manager.list().map((n) => n.index));
      const node = await manager.addNode({ name, index, labels: options.labels, taints: options.taints });
      // Where the API server reaches this kubelet for pods/log and pods/exec.
      await client.patch(NODES, name, 'merge', { metadata: { annotations: { [KUBELET_ENDPOINT_ANNOTATION]: endpoint.url } } });
      nodes.push(node);
      log(`node "${name}" registered: InternalIP ${node.spec.internalIP}, podCIDR ${node.spec.podCIDR}, runtime ${node.spec.runtime}, kubelet at ${endpoint.url}`);
    }
  } catch (err) {
    await endpoint?.close();
    await manager.stop();
    await transport.close();
    throw err;
  }
  return {
    manager,
    nodes,
    async stop() {
      await manager.stop();
      await endpoint?.close();
      await transport.close();
    },
  };
}
