/**
 * kubeadm's addon phase, done by the daemon at start when it runs the kubeadm shape: kube-proxy
 * (a DaemonSet) and CoreDNS (a Deployment behind the kube-dns Service). Idempotent like
 * bootstrap: objects that exist are left as they are (a user's edits survive restarts).
 */
import type { ApiServer } from '../../apiserver/api-server.js';
import { ensure } from '../bootstrap.js';
import { corednsObjects } from './coredns.js';
import { kubeProxyObjects } from './kube-proxy.js';

export async function installAddons(api: ApiServer, options: { apiServer: string }): Promise<void> {
  for (const { group, plural, object } of [...kubeProxyObjects(options.apiServer), ...corednsObjects()]) {
    await ensure(api, group, plural, object.metadata?.namespace, object);
  }
}
