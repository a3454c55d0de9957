/**
 * Expectations (pkg/controller/controller_utils.go ControllerExpectations and
 * UIDTrackingControllerExpectations): what a controller has asked the API server to create
 * or delete and not yet seen come back through its informer.
 *
 * A controller that has just created 3 pods must not look at its cache, see 0, and create 3
 * more. So before acting it records "expect 3 creations"; every pod add the informer delivers
 * lowers the count; until the count is down to zero (or five minutes have passed — a lost
 * watch event must not wedge the controller for ever) the sync only updates status.
 *
 * Deletions are tracked by pod key: a pod the informer sees go away only counts if it was
 * one the controller deleted, so a user deleting another pod meanwhile does not confuse it.
 */
import type { Clock } from '@kubelab/core';

/** ExpectationsTimeout: unfulfilled expectations older than this are ignored. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  timestamp: number;
}

export class ControllerExpectations {
  private readonly store = new Map<string, Expectation>();

  constructor(protected readonly clock: Clock) {}

  /** SatisfiedExpectations: true when the controller may act on what its cache shows. */
  satisfiedExpectations(key: string): boolean {
    const e = this.store.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.clock.now() - e.timestamp > EXPECTATIONS_TIMEOUT_MS;
  }

  setExpectations(key: string, add: number, del: number): void {
    this.store.set(key, { add, del, timestamp: this.clock.now() });
  }

  expectCreations(key: string, adds: number): void {
    this.setExpectations(key, adds, 0);
  }

  expectDeletions(key: string, dels: number): void {
    this.setExpectations(key, 0, dels);
  }

  lowerExpectations(key: string, add: number, del: number): void {
    const e = this.store.get(key);
    if (!e) return;
    e.add -= add;
    e.del -= del;
  }

  raiseExpectations(key: string, add: number, del: number): void {
    const e = this.store.get(key);
    if (!e) return;
    e.add += add;
    e.del += del;
  }

  creationObserved(key: string): void {
    this.lowerExpectations(key, 1, 0);
  }

  deletionObserved(key: string): void {
    this.lowerExpectations(key, 0, 1);
  }

  deleteExpectations(key: string): void {
    this.store.delete(key);
  }

  /** The outstanding counts (tests, diagnostics). */
  get(key: string): { add: number; del: number } | undefined {
    const e = this.store.get(key);
    return e ? { add: e.add, del: e.del } : undefined;
  }
}

/** Deletions counted only for the pods the controller itself deleted. */
export class UIDTrackingControllerExpectations extends ControllerExpectations {
  private readonly uids = new Map<string, Set<string>>();

  /** ExpectDeletions with the keys ("ns/name") of the pods about to be deleted. */
  expectDeletionsOf(controllerKey: string, podKeys: readonly string[]): void {
    this.uids.set(controllerKey, new Set(podKeys));
    this.expectDeletions(controllerKey, podKeys.length);
  }

  /** DeletionObserved: lowers the count only for a pod the controller deleted. */
  podDeletionObserved(controllerKey: string, podKey: string): void {
    const set = this.uids.get(controllerKey);
    if (set?.has(podKey)) {
      set.delete(podKey);
      this.deletionObserved(controllerKey);
    }
  }

  override deleteExpectations(key: string): void {
    super.deleteExpectations(key);
    this.uids.delete(key);
  }
}
