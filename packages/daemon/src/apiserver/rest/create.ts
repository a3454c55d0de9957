/**
 * Create, as genericregistry.Store.Create upstream: fill the system fields (uid,
 * creationTimestamp, a generated name), let the strategy reset what clients may not set,
 * default, admit, validate, then store with "the key must not exist" — AlreadyExists
 * otherwise.
 */
import { randomInt, randomUUID } from 'node:crypto';
import {
  type KubeObject,
  alreadyExists,
  applyDefaults,
  badRequest,
  invalid,
  timestamp,
  validateCreate,
} from '@kubelab/core';
import { trackUpdate } from '../managed-fields.js';
import type { RequestContext, Resource } from './resource.js';

/** utilrand.String's alphabet: no vowels (no accidental words), no look-alike characters. */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function generateSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return s;
}

/** Generated names are retried on collision, as kube-apiserver does since 1.29. */
const GENERATE_NAME_ATTEMPTS = 8;

export interface CreateOptions {
  /** Server-side apply has recorded its own Apply entry in managedFields. */
  managedFieldsDone?: boolean;
  /**
   * The input is the caller's to give away (a freshly decoded body): the first attempt
   * uses it as it is, and this makes a fresh one for another attempt. Without it every
   * attempt works on a copy.
   */
  again?: () => KubeObject;
}

export async function createObject(res: Resource, ctx: RequestContext, input: KubeObject, options: CreateOptions = {}): Promise<KubeObject> {
  const { rt, store, strategy } = res;
  for (let attempt = 0; ; attempt++) {
    const obj = !options.again ? structuredClone(input) : attempt === 0 ? input : options.again();
    const meta = (obj.metadata ??= {});
    if (rt.namespaced) {
      if (meta.namespace && ctx.namespace && meta.namespace !== ctx.namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      if (ctx.namespace) meta.namespace = ctx.namespace;
    } else if (meta.namespace === '') {
      delete meta.namespace;
    }
    const generated = !meta.name && !!meta.generateName;
    if (generated) meta.name = `${meta.generateName}${generateSuffix()}`;
    meta.uid = randomUUID();
    meta.creationTimestamp = timestamp(ctx.clock.now());
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (!strategy.tracksGeneration) delete meta.generation;
    strategy.prepareForCreate(obj);
    applyDefaults(rt, obj);
    if (!options.managedFieldsDone) Object.assign(obj, trackUpdate(rt, ctx, undefined, obj));
    const attrs = {
      operation: 'CREATE' as const,
      rt,
      subresource: undefined,
      namespace: meta.namespace,
      name: meta.name ?? '',
      object: obj,
    };
    const extras = await ctx.admission.admit(attrs, ctx);
    const errs = validateCreate(rt, obj);
    if (errs.length > 0) throw invalid(rt, meta.name ?? '', errs);
    await ctx.admission.validate(attrs, ctx);
    if (ctx.dryRun) return obj;
    const stored = await store.create(obj, extras);
    if (stored) return stored.object;
    const exists = await store.get(meta.namespace, meta.name!);
    if (exists && !(generated && attempt + 1 < GENERATE_NAME_ATTEMPTS)) throw alreadyExists(rt, meta.name!);
    // Otherwise a generated name collided, or an admission claim (an IP, a port) was taken
    // between admission and the write: run the whole create again.
    if (attempt > 16) throw alreadyExists(rt, meta.name!);
  }
}
