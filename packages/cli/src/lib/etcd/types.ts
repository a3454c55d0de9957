/**
 * The etcd admin API's answers, decoded: keys and values as bytes, the IDs as hex (etcdctl's
 * `%x`). The wire form is the daemon's (apiserver/admin/wire.ts); the CLI keeps its own copy of
 * these few shapes rather than importing daemon code.
 */
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

export interface WireHeader {
  cluster_id: string;
  member_id: string;
  revision: number;
  raft_term: number;
}

export interface WireKeyValue {
  key: string;
  create_revision: number;
  mod_revision: number;
  version: number;
  value: string;
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
