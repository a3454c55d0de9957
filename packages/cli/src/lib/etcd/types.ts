/**
 * The etcd admin API's answers, decoded: keys and values as bytes, the IDs as hex (etcdctl's
 * `%x`). The wire shapes are shared with the daemon through @kubelab/core.
 */
import type { WireHeader, WireKeyValue } from '@kubelab/core/etcd/admin-wire';

export type { WireHeader, WireKeyValue };

export interface Header {
  clusterId: string;
  memberId: string;
  /** 0 when the answer has none (member list, a cancelled watch). */
  revision: number;
  raftTerm: number;
}

export interface KeyValue {
  key: Buffer;
  createRevision: number;
  modRevision: number;
  version: number;
  value: Buffer;
  lease: number;
}

export function header(w: WireHeader): Header {
  return { clusterId: w.cluster_id, memberId: w.member_id, revision: w.revision, raftTerm: w.raft_term };
}

export function keyValue(w: WireKeyValue): KeyValue {
  return {
    key: Buffer.from(w.key, 'base64'),
    createRevision: w.create_revision,
    modRevision: w.mod_revision,
    version: w.version,
    value: Buffer.from(w.value, 'base64'),
    lease: w.lease,
  };
}

export const b64 = (b: Buffer) => b.toString('base64');
