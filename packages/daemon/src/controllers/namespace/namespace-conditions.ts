/**
 * The status conditions a terminating namespace reports, as upstream's
 * namespace_condition_updater.go writes them — what `kubectl describe namespace` shows when
 * a namespace is stuck in Terminating:
 *
 *   NamespaceContentRemaining     True  SomeResourcesRemain    Some resources are remaining: pods. has 1 resource instances
 *   NamespaceFinalizersRemaining  True  SomeFinalizersRemain   Some content in the namespace has finalizers remaining: example.com/x in 1 resource instances
 *
 * Every type is always present; "False" with the ok reason means nothing is wrong there.
 * lastTransitionTime moves only when a condition's status flips.
 */
import { timestamp } from '@kubelab/core';

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

const DISCOVERY_FAILURE = 'NamespaceDeletionDiscoveryFailure';
const GROUP_VERSION_PARSING_FAILURE = 'NamespaceDeletionGroupVersionParsingFailure';
const CONTENT_FAILURE = 'NamespaceDeletionContentFailure';
const CONTENT_REMAINING = 'NamespaceContentRemaining';
const FINALIZERS_REMAINING = 'NamespaceFinalizersRemaining';

const CONDITION_TYPES = [DISCOVERY_FAILURE, GROUP_VERSION_PARSING_FAILURE, CONTENT_FAILURE, CONTENT_REMAINING, FINALIZERS_REMAINING];

const OK_REASONS: Record<string, string> = {
  [DISCOVERY_FAILURE]: 'ResourcesDiscovered',
  [GROUP_VERSION_PARSING_FAILURE]: 'ParsedGroupVersions',
  [CONTENT_FAILURE]: 'ContentDeleted',
  [CONTENT_REMAINING]: 'ContentRemoved',
  [FINALIZERS_REMAINING]: 'ContentHasNoFinalizers',
};

const OK_MESSAGES: Record<string, string> = {
  [DISCOVERY_FAILURE]: 'All resources successfully discovered',
  [GROUP_VERSION_PARSING_FAILURE]: 'All legacy kube types successfully parsed',
  [CONTENT_FAILURE]: 'All content successfully deleted, may be waiting on finalization',
  [CONTENT_REMAINING]: 'All content successfully removed',
  [FINALIZERS_REMAINING]: 'All content-preserving finalizers finished',
};

/** What is left after one deletion pass: instances per resource, instances per finalizer. */
export interface RemainingContent {
  /** "pods." or "deployments.apps" → count */
  resources: Map<string, number>;
  finalizers: Map<string, number>;
}

/** Collects one pass's failures, then merges them into a namespace's status. */
export class NamespaceConditionUpdater {
  private readonly failing: Array<Omit<NamespaceCondition, 'lastTransitionTime'>> = [];
  private readonly contentErrors: string[] = [];

  constructor(private readonly now: number) {}

  deleteContentFailed(err: string): void {
    this.contentErrors.push(err);
  }

  remaining(content: RemainingContent): void {
    if (content.resources.size > 0) {
      const parts = [...content.resources].map(([r, n]) => `${r} has ${n} resource instances`).sort();
      this.failing.push({ type: CONTENT_REMAINING, status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${parts.join(', ')}` });
    }
    if (content.finalizers.size > 0) {
      const parts = [...content.finalizers].map(([f, n]) => `${f} in ${n} resource instances`).sort();
      this.failing.push({
        type: FINALIZERS_REMAINING,
        status: 'True',
        reason: 'SomeFinalizersRemain',
        message: `Some content in the namespace has finalizers remaining: ${parts.join(', ')}`,
      });
    }
  }

  /** Writes the conditions into status (a copy the caller owns); true if anything changed. */
  update(status: { conditions?: NamespaceCondition[] }): boolean {
    if (this.contentErrors.length > 0) {
      // utilerrors.NewAggregate's text: one error as itself, several as "[a, b]".
      const aggregate = this.contentErrors.length === 1 ? this.contentErrors[0]! : `[${this.contentErrors.join(', ')}]`;
      this.failing.push({
        type: CONTENT_FAILURE,
        status: 'True',
        reason: 'ContentDeletionFailed',
        message: `Failed to delete all resource types, ${this.contentErrors.length} remaining: ${aggregate}`,
      });
    }
    const conditions = (status.conditions ??= []);
    let changed = false;
    for (const type of CONDITION_TYPES) {
      const wanted = this.failing.find((c) => c.type === type) ?? {
        type,
        status: 'False' as const,
        reason: OK_REASONS[type]!,
        message: OK_MESSAGES[type]!,
      };
      const old = conditions.find((c) => c.type === type);
      if (!old) {
        conditions.push({ ...wanted, lastTransitionTime: timestamp(this.now) });
        changed = true;
      } else if (old.status !== wanted.status || old.reason !== wanted.reason || old.message !== wanted.message) {
        if (old.status !== wanted.status) old.lastTransitionTime = timestamp(this.now);
        old.status = wanted.status;
        old.reason = wanted.reason;
        old.message = wanted.message;
        changed = true;
      }
    }
    return changed;
  }
}
