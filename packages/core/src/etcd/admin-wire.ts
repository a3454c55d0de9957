/**
 * The JSON shapes of kubelabd's etcd admin API (`/kubelab/etcd/…`), shared by the daemon that
 * writes them and the CLI that reads them. Modelled on etcd's JSON gateway (`/v3/kv/range`):
 * snake_case field names, keys and values base64-encoded because they are bytes, and a
 * response header naming the member. Two departures, both for JavaScript clients: revisions
 * and counts are JSON numbers (they stay below 2^53), and the uint64 IDs are hex strings, as
 * etcdctl prints them in its tables (`bdae9bbc11dd390d`).
 */

/** etcd's ResponseHeader. */
export interface WireHeader {
  cluster_id: string;
  member_id: string;
  revision: number;
  raft_term: number;
}

/** etcd's mvccpb.KeyValue; `key` and `value` are base64. */
export interface WireKeyValue {
  key: string;
  create_revision: number;
  mod_revision: number;
  version: number;
  value: string;
  lease: number;
}

/** etcd's mvccpb.Event. */
export interface WireEvent {
  type: 'PUT' | 'DELETE';
  kv: WireKeyValue;
  prev_kv?: WireKeyValue;
}
