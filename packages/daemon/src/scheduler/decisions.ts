/**
 * Where the scheduler keeps the last attempt's decision record of each pod, and how the API
 * serves it: GET /kubelab/scheduler/namespaces/NAMESPACE/pods/NAME answers a
 * SchedulingDecision document (@kubelab/core/scheduler/framework/decision), or a 404 Status
 * when no attempt is recorded. `kubectl get --raw` reads it as well as `kubelab why`.
 * GET /kubelab/scheduler/ answers a SchedulerInfo document naming the schedulerNames the
 * profiles serve, so a client can tell "not attempted yet" from "not ours to schedule".
 *
 * kube-scheduler serves debugging data on its own port; the in-daemon scheduler registers
 * this path with the API server (ApiServer.addRoute), so it is reached with the cluster's
 * address and credentials.
 *
 * Records are bounded: the oldest go first once they hold more than maxNodeEntries node
 * verdicts in total (a record of a cycle that looked at 500 nodes weighs 500), and a
 * deleted pod's record goes with it.
 */
import { statusError } from '@kubelab/core';
import { DECISION_API_VERSION, type DecisionRecord, decisionDocument } from '@kubelab/core/scheduler/framework/decision';
import type { ApiRequest, ApiResponse } from '../apiserver/api-request.js';
import type { ExtraRoute } from '../apiserver/api-server.js';
import { errorResponse } from '../apiserver/api-server.js';

export const DECISIONS_PATH = '/kubelab/scheduler/';
export const SCHEDULER_INFO_KIND = 'SchedulerInfo';

export interface DecisionStoreOptions {
  /** Total node entries kept across records (default 200,000). */
  maxNodeEntries?: number;
  /** The schedulerNames the profiles serve (the SchedulerInfo document). */
  schedulerNames?: string[];
}

export class DecisionStore {
  private readonly records = new Map<string, DecisionRecord>();
  private weight = 0;
  private readonly max: number;
  /** Set by the scheduler component from its configuration's profiles. */
  schedulerNames: string[];

  constructor(options: DecisionStoreOptions = {}) {
    this.max = options.maxNodeEntries ?? 200_000;
    this.schedulerNames = options.schedulerNames ?? ['default-scheduler'];
  }

  put(r: DecisionRecord): void {
    const key = `${r.namespace}/${r.name}`;
    this.delete(key);
    this.records.set(key, r);
    this.weight += weightOf(r);
    for (const [k, old] of this.records) {
      if (this.weight <= this.max || this.records.size <= 1) break;
      this.records.delete(k);
      this.weight -= weightOf(old);
    }
  }

  get(namespace: string, name: string): DecisionRecord | undefined {
    return this.records.get(`${namespace}/${name}`);
  }

  delete(key: string): void {
    const old = this.records.get(key);
    if (!old) return;
    this.records.delete(key);
    this.weight -= weightOf(old);
  }

  get size(): number {
    return this.records.size;
  }

  /** The API route serving the records. */
  route(): ExtraRoute {
    return {
      match: DECISIONS_PATH,
      handle: async (input) => {
        const { req, url } = input as { req: ApiRequest; url: URL };
        return this.serve(req.method, url.pathname);
      },
    };
  }

  serve(method: string, pathname: string): ApiResponse {
    if (method !== 'GET' && method !== 'HEAD') return errorResponse(statusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
    const parts = pathname.slice(DECISIONS_PATH.length).split('/').filter(Boolean).map(decodeURIComponent);
    if (parts.length === 0) return { status: 200, body: { kind: SCHEDULER_INFO_KIND, apiVersion: DECISION_API_VERSION, schedulerNames: this.schedulerNames } };
    if (parts.length !== 4 || parts[0] !== 'namespaces' || parts[2] !== 'pods') {
      return errorResponse(statusError(404, 'NotFound', `the server could not find the requested resource; use ${DECISIONS_PATH}namespaces/NAMESPACE/pods/NAME`));
    }
    const r = this.get(parts[1]!, parts[3]!);
    if (!r) {
      return errorResponse(statusError(404, 'NotFound', `no scheduling decision recorded for pod "${parts[1]}/${parts[3]}"`, { kind: 'pods', name: parts[3] }));
    }
    return { status: 200, body: decisionDocument(r) };
  }
}

function weightOf(r: DecisionRecord): number {
  return 1 + r.feasibleCount + r.rejected.length;
}
