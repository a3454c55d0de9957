/**
 * The service accounts controller (pkg/controller/serviceaccount/serviceaccounts_controller.go):
 * every active namespace has a ServiceAccount named "default" — pods that name no account
 * run as it. A new namespace gets one; one deleted by hand comes back.
 *
 * Keys are namespace names. A terminating namespace is skipped: nothing may be created in it,
 * and its content is on its way out.
 */
import { type KubeObject, resourceFor } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { deletedObject } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, isStatusCode, runWorkers } from '../controller.js';

const NAMESPACES = resourceFor('', 'v1', 'namespaces')!;
const SERVICE_ACCOUNTS = resourceFor('', 'v1', 'serviceaccounts')!;

/** DefaultServiceAccountsControllerOptions: the accounts every namespace gets. */
export const SERVICE_ACCOUNTS_TO_ENSURE = ['default'];

export class ServiceAccountsController implements Controller {
  readonly name = 'serviceaccount-controller';
  private readonly namespaces: SharedInformer;
  private readonly accounts: SharedInformer;
  private readonly queue: RateLimitingQueue<string>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'serviceaccount' });
    this.accounts = ctx.informers.informerFor(SERVICE_ACCOUNTS);
    this.accounts.addEventHandler({
      onDelete: (obj) => {
        const ns = deletedObject(obj).metadata?.namespace;
        if (ns) this.queue.add(ns);
      },
    });
    this.namespaces = ctx.informers.informerFor(NAMESPACES);
    this.namespaces.addEventHandler({
      onAdd: (ns) => this.enqueueNamespace(ns),
      onUpdate: (_old, ns) => this.enqueueNamespace(ns),
    });
  }

  async run(): Promise<void> {
    if (!(await this.namespaces.waitForSync()) || !(await this.accounts.waitForSync())) return;
    await runWorkers(this.queue, 1, (key) => this.syncNamespace(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: namespace ${key}: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private enqueueNamespace(ns: KubeObject): void {
    const name = ns.metadata?.name;
    if (name) this.queue.add(name);
  }

  private async syncNamespace(name: string): Promise<void> {
    const ns = this.namespaces.lister.get(name);
    if (!ns || (ns['status'] as { phase?: string } | undefined)?.phase !== 'Active') return;
    for (const account of SERVICE_ACCOUNTS_TO_ENSURE) {
      if (this.accounts.lister.namespace(name).get(account)) continue;
      try {
        await this.ctx.client.create(SERVICE_ACCOUNTS, { metadata: { name: account, namespace: name } });
      } catch (err) {
        // Someone made it first, or the namespace started terminating meanwhile.
        if (isStatusCode(err, 409) || isStatusCode(err, 403) || isStatusCode(err, 404)) continue;
        throw err;
      }
    }
  }
}
