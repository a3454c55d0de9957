/**
 * Admission: the chain of plugins every write passes after defaulting and before (mutating)
 * and after (validating) validation, as kube-apiserver's admission chain. A plugin may
 * change the object, refuse the request with a StatusError, or add guards and writes to
 * the request's storage transaction (a Service claiming its ClusterIP atomically with its
 * creation).
 */
import type { KubeObject, ResourceType } from '@kubelab/core';
import type { RequestContext } from '../rest/resource.js';
import type { TxnExtras } from '../storage/object-store.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionAttributes {
  operation: Operation;
  rt: ResourceType;
  subresource: string | undefined;
  namespace: string | undefined;
  name: string;
  /** The object being written (absent for DELETE). Mutating plugins may change it. */
  object?: KubeObject;
  /** The stored object (UPDATE, DELETE). */
  oldObject?: KubeObject;
}

export interface AdmissionPlugin {
  readonly name: string;
  /** Mutating phase: may change attrs.object; may return storage extras. */
  admit?(attrs: AdmissionAttributes, ctx: RequestContext): Promise<TxnExtras | void> | TxnExtras | void;
  /** Validating phase, after schema validation. */
  validate?(attrs: AdmissionAttributes, ctx: RequestContext): Promise<void> | void;
  /** Storage extras releasing what admit() claimed, written with the object's deletion. */
  release?(rt: ResourceType, object: KubeObject): TxnExtras | void;
}

export class Admission {
  constructor(private readonly plugins: AdmissionPlugin[]) {}

  async admit(attrs: AdmissionAttributes, ctx: RequestContext): Promise<TxnExtras> {
    const extras: TxnExtras = { compare: [], success: [] };
    for (const p of this.plugins) {
      if (!p.admit) continue;
      // Most plugins answer at once; awaiting only real promises spares every write a
      // turn of the microtask queue per plugin.
      let e = p.admit(attrs, ctx);
      if (e instanceof Promise) e = await e;
      if (e) {
        extras.compare.push(...e.compare);
        extras.success.push(...e.success);
      }
    }
    return extras;
  }

  async validate(attrs: AdmissionAttributes, ctx: RequestContext): Promise<void> {
    for (const p of this.plugins) {
      const v = p.validate?.(attrs, ctx);
      if (v instanceof Promise) await v;
    }
  }

  release(rt: ResourceType, object: KubeObject): TxnExtras {
    const extras: TxnExtras = { compare: [], success: [] };
    for (const p of this.plugins) {
      const e = p.release?.(rt, object);
      if (e) {
        extras.compare.push(...e.compare);
        extras.success.push(...e.success);
      }
    }
    return extras;
  }
}
