/**
 * The outcome of running a plugin (k8s.io/kube-scheduler/framework Status). Plugins never
 * throw for an expected outcome: they answer a Status with a code and user-facing reasons,
 * and `null` means Success (upstream's nil status), which keeps the hot path free of
 * allocations.
 *
 *   Success                        the pod may go on
 *   Error                          something broke; the pod is retried after a backoff
 *   Unschedulable                  the node cannot host the pod now, but preemption might help
 *   UnschedulableAndUnresolvable   the node cannot host the pod and preemption will not help
 *   Wait                           a Permit plugin holds the pod
 *   Skip                           PreFilter/PreScore: the plugin has nothing to say for this pod,
 *                                  so its Filter/Score is not called
 *   Pending                        PreEnqueue: the pod waits for something outside the scheduler
 */
export enum Code {
  Success = 0,
  Error = 1,
  Unschedulable = 2,
  UnschedulableAndUnresolvable = 3,
  Wait = 4,
  Skip = 5,
  Pending = 6,
}

const CODE_NAMES = ['Success', 'Error', 'Unschedulable', 'UnschedulableAndUnresolvable', 'Wait', 'Skip', 'Pending'] as const;

export type CodeName = (typeof CODE_NAMES)[number];

export function codeName(code: Code): CodeName {
  return CODE_NAMES[code]!;
}

export class Status {
  /** The plugin that answered it (set by the framework). */
  plugin = '';

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    /** For Error: what went wrong (its message is the only reason). */
    readonly error?: Error,
  ) {}

  /** The reasons joined as upstream's Status.Message() joins them. */
  message(): string {
    return this.reasons.join(', ');
  }

  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  /** Unschedulable or UnschedulableAndUnresolvable (upstream's IsRejected). */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable || this.code === Code.Pending;
  }

  isSkip(): boolean {
    return this.code === Code.Skip;
  }

  withPlugin(plugin: string): this {
    this.plugin = plugin;
    return this;
  }
}

/** A Status with the given code and reasons. */
export function newStatus(code: Code, ...reasons: string[]): Status {
  return new Status(code, reasons);
}

/** An Error status carrying err (framework.AsStatus). */
export function asStatus(err: unknown): Status {
  const e = err instanceof Error ? err : new Error(String(err));
  return new Status(Code.Error, [e.message], e);
}

/** PreFilter/PreScore: nothing to do for this pod. */
export function skip(): Status {
  return new Status(Code.Skip);
}

export function isSuccess(s: Status | null | undefined): boolean {
  return !s || s.code === Code.Success;
}

export function codeOf(s: Status | null | undefined): Code {
  return s ? s.code : Code.Success;
}

/** Max and min of a normalised node score (framework.MaxNodeScore, MinNodeScore). */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;
