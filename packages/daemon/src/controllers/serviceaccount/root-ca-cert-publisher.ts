/**
 * The root CA certificate publisher (pkg/controller/certificates/rootcacertpublisher):
 * every namespace has a ConfigMap "kube-root-ca.crt" whose ca.crt is the bundle that
 * verifies the API server — what the projected service-account volume mounts at
 * /var/run/secrets/kubernetes.io/serviceaccount/ca.crt. A missing one is created, an
 * edited one is put back.
 */
import { type KubeObject, resourceFor } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { deletedObject } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, isStatusCode, runWorkers } from '../controller.js';

const NAMESPACES = resourceFor('', 'v1', 'namespaces')!;
const CONFIG_MAPS = resourceFor('', 'v1', 'configmaps')!;

export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

export class RootCaCertPublisher implements Controller {
  readonly name = 'root-ca-certificate-publisher-controller';
  private readonly namespaces: SharedInformer;
  private readonly configMaps: SharedInformer;
  private readonly queue: RateLimitingQueue<string>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'root_ca_cert_publisher' });
    this.configMaps = ctx.informers.informerFor(CONFIG_MAPS);
    this.configMaps.addEventHandler({
      onUpdate: (_old, cm) => this.enqueueConfigMap(cm),
      onDelete: (obj) => this.enqueueConfigMap(deletedObject(obj)),
    });
    this.namespaces = ctx.informers.informerFor(NAMESPACES);
    this.namespaces.addEventHandler({
      onAdd: (ns) => this.queue.add(ns.metadata!.name!),
      onUpdate: (_old, ns) => {
        if ((ns['status'] as { phase?: string } | undefined)?.phase === 'Active') this.queue.add(ns.metadata!.name!);
      },
    });
  }

  async run(): Promise<void> {
    if (!(await this.configMaps.waitForSync()) || !(await this.namespaces.waitForSync())) return;
    await runWorkers(this.queue, 1, (key) => this.syncNamespace(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: namespace ${key}: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private enqueueConfigMap(cm: KubeObject): void {
    if (cm.metadata?.name !== ROOT_CA_CONFIG_MAP || !cm.metadata.namespace) return;
    this.queue.add(cm.metadata.namespace);
  }

  private async syncNamespace(namespace: string): Promise<void> {
    const data = { 'ca.crt': this.ctx.rootCaPem };
    const cm = this.configMaps.lister.namespace(namespace).get(ROOT_CA_CONFIG_MAP);
    if (!cm) {
      try {
        await this.ctx.client.create(CONFIG_MAPS, {
          metadata: { name: ROOT_CA_CONFIG_MAP, namespace, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } },
          data,
        });
      } catch (err) {
        // Don't retry a create if the namespace doesn't exist or is terminating.
        if (isStatusCode(err, 404) || isStatusCode(err, 403) || isStatusCode(err, 409)) return;
        throw err;
      }
      return;
    }
    const current = cm['data'] as Record<string, string> | undefined;
    const same = current !== undefined && Object.keys(current).length === 1 && current['ca.crt'] === data['ca.crt'];
    if (same && cm.metadata?.annotations?.[DESCRIPTION_ANNOTATION]) return;
    // The cached object is shared: change a copy.
    const copy = structuredClone(cm);
    copy['data'] = data;
    copy.metadata!.annotations = { ...(copy.metadata!.annotations ?? {}), [DESCRIPTION_ANNOTATION]: DESCRIPTION };
    await this.ctx.client.update(CONFIG_MAPS, copy);
  }
}
