/**
 * Answers a sync asks of every object, computed once per object version. An informer hands
 * out a new object for each version it sees, so a WeakMap keyed by the object itself is
 * exact: a changed pod is a new key, an old version is forgotten with it. A ReplicaSet of
 * 10,000 pods then re-checks its selector and template labels only for the pods that changed
 * since its last sync, not for all of them every time.
 */
import type { KubeObject, Selector } from '@kubelab/core';
import { type Pod, isPodReady, podReadyTime } from './pod-util.js';

interface Facts {
  /** selector key → whether the object's labels match it. */
  matches: Map<string, boolean>;
  ready?: boolean;
  readySince?: number;
}

const cache = new WeakMap<object, Facts>();

function factsOf(obj: object): Facts {
  let f = cache.get(obj);
  if (!f) cache.set(obj, (f = { matches: new Map() }));
  return f;
}

/** selector.matches(obj's labels), remembered for this version of obj under `key`. */
export function matchesSelector(obj: KubeObject, selector: Selector, key = selector.toString()): boolean {
  const f = factsOf(obj);
  let m = f.matches.get(key);
  if (m === undefined) {
    m = selector.matches(obj.metadata?.labels);
    f.matches.set(key, m);
  }
  return m;
}

/** Whether obj carries every one of these labels, remembered under `key`. */
export function hasLabels(obj: KubeObject, labels: ReadonlyArray<readonly [string, string]>, key: string): boolean {
  const f = factsOf(obj);
  let m = f.matches.get(key);
  if (m === undefined) {
    const own = obj.metadata?.labels ?? {};
    m = labels.every(([k, v]) => own[k] === v);
    f.matches.set(key, m);
  }
  return m;
}

/** [ready, since when] for this version of the pod. */
export function readiness(pod: Pod): [boolean, number | undefined] {
  const f = factsOf(pod);
  if (f.ready === undefined) {
    f.ready = isPodReady(pod);
    f.readySince = f.ready ? podReadyTime(pod) : undefined;
  }
  return [f.ready, f.readySince];
}
