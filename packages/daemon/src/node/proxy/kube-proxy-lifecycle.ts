/**
 * kube-proxy lives and dies with its node: the node manager's lifecycle listener that gives
 * each simulated node its KubeProxy when it is added, freezes the node's rules when its
 * kubelet stops (in a real node the kube-proxy pod stops answering with it, and the kernel
 * keeps the last rules it wrote), resumes them when the kubelet starts again, and drops them
 * when the node is removed.
 *
 * The kube-proxy pod that `kubectl get pods -n kube-system` lists is the kube-proxy
 * DaemonSet's (kubelabd/addons/kube-proxy.ts); the rules are computed here, from one Service
 * map shared by every node (ServiceProxy), only for the nodes someone asks about.
 */
import type { NodeLifecycleListener, SimulatedNode } from '../node-manager.js';
import type { ServiceProxy } from './kube-proxy.js';

export function kubeProxyLifecycle(proxy: ServiceProxy): NodeLifecycleListener {
  return {
    nodeAdded: (node: SimulatedNode) => void proxy.addNode(node.spec.name),
    kubeletStarted: (node: SimulatedNode) => proxy.proxyFor(node.spec.name)?.resume(),
    kubeletStopped: (node: SimulatedNode) => proxy.proxyFor(node.spec.name)?.freeze(),
    nodeRemoved: (node: SimulatedNode) => proxy.removeNode(node.spec.name),
  };
}
