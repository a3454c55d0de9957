/**
 * Where the kubelet reads the ConfigMaps, Secrets and service account tokens its pods use
 * (upstream: the configmap/secret managers and the token manager). In the daemon, every
 * node reads from one shared ConfigMap and Secret informer; a miss (an object created a
 * moment ago that the cache has not seen) falls back to a GET, as does a kubelet running
 * without the informers.
 */
import { type KubeObject, resourceFor } from '@kubelab/core';
import { type KubeClient, isStatus } from '@kubelab/core/client/client';
import type { Lister } from '@kubelab/core/cache/lister';
import type { Pod } from './pod-types.js';

const CONFIG_MAPS = resourceFor('', 'v1', 'configmaps')!;
const SECRETS = resourceFor('', 'v1', 'secrets')!;

export interface ObjectSource {
  configMap(namespace: string, name: string): Promise<KubeObject | undefined>;
  secret(namespace: string, name: string): Promise<KubeObject | undefined>;
  /** A token for the pod's service account (TokenRequest), or a stand-in when the server issues none. */
  serviceAccountToken(pod: Pod, audience: string | undefined, expirationSeconds: number): Promise<string>;
}

export class ApiObjectSource implements ObjectSource {
  private readonly tokens = new Map<string, { token: string; expires: number }>();

  constructor(
    private readonly client: KubeClient,
    private readonly listers: { configMaps?: Lister; secrets?: Lister } = {},
    private readonly now: () => number = Date.now,
  ) {}

  configMap(namespace: string, name: string): Promise<KubeObject | undefined> {
    return this.read(this.listers.configMaps, CONFIG_MAPS, namespace, name);
  }

  secret(namespace: string, name: string): Promise<KubeObject | undefined> {
    return this.read(this.listers.secrets, SECRETS, namespace, name);
  }

  async serviceAccountToken(pod: Pod, audience: string | undefined, expirationSeconds: number): Promise<string> {
    const m = pod.metadata!;
    const sa = pod.spec.serviceAccountName ?? 'default';
    const key = `${m.uid}/${sa}/${audience ?? ''}`;
    const cached = this.tokens.get(key);
    // The kubelet refreshes a token once 80% of its life is gone.
    if (cached && cached.expires > this.now()) return cached.token;
    const body = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        audiences: audience ? [audience] : [],
        expirationSeconds,
        boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: m.name, uid: m.uid },
      },
    };
    let token = `kubelab-placeholder-token-for-${m.namespace}-${sa}`;
    try {
      const res = await this.client.transport.request('POST', `/api/v1/namespaces/${m.namespace}/serviceaccounts/${sa}/token`, { body: JSON.stringify(body) });
      if (res.status >= 200 && res.status < 300) token = (JSON.parse(res.body) as { status?: { token?: string } }).status?.token ?? token;
    } catch {
      // No token API: the stand-in.
    }
    this.tokens.set(key, { token, expires: this.now() + expirationSeconds * 800 });
    return token;
  }

  private async read(lister: Lister | undefined, rt: typeof CONFIG_MAPS, namespace: string, name: string): Promise<KubeObject | undefined> {
    const cached = lister?.get(`${namespace}/${name}`);
    if (cached) return cached;
    try {
      return await this.client.get(rt, name, { namespace });
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }
}
