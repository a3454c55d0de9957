/**
 * Read-modify-write with optimistic concurrency, as client-go's retry.RetryOnConflict is used
 * around an Update: GET the current object, change a fresh copy, PUT it guarded by the
 * resourceVersion just read, and on a 409 start again from a new GET. Controllers change
 * metadata this way (finalizers, ownerReferences) for every kind alike.
 */
import type { KubeObject, ResourceType } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import { isStatusCode } from './controller.js';

/** client-go's retry.DefaultRetry allows 5 attempts. */
const ATTEMPTS = 5;

export interface ObjectCoordinates {
  namespace?: string | undefined;
  name: string;
  /** When set, an object with another uid counts as gone (it was deleted and re-created). */
  uid?: string | undefined;
}

/**
 * Applies `mutate` to the live object and writes it. `mutate` answers false when nothing
 * needs to change (no write is made). Resolves with the written object, the unchanged one,
 * or undefined when the object is gone.
 */
export async function retryUpdate(
  client: KubeClient,
  rt: ResourceType,
  at: ObjectCoordinates,
  mutate: (obj: KubeObject) => boolean,
  options: { subresource?: 'status' } = {},
): Promise<KubeObject | undefined> {
  for (let attempt = 1; ; attempt++) {
    let current: KubeObject;
    try {
      current = await client.get(rt, at.name, { namespace: at.namespace });
    } catch (err) {
      if (isStatusCode(err, 404)) return undefined;
      throw err;
    }
    if (at.uid && current.metadata?.uid !== at.uid) return undefined;
    if (!mutate(current)) return current;
    try {
      return options.subresource === 'status'
        ? await client.updateStatus(rt, current, { namespace: at.namespace })
        : await client.update(rt, current, { namespace: at.namespace });
    } catch (err) {
      if (isStatusCode(err, 404)) return undefined;
      if (isStatusCode(err, 409) && attempt < ATTEMPTS) continue;
      throw err;
    }
  }
}
