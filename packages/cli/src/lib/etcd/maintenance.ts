/**
 * `kubelab etcd endpoint status|health`, `defrag` and `member list`: etcd's Maintenance and
 * Cluster calls through the daemon's admin API. The endpoint is the API server's URL — the
 * one address the store is reached at.
 */
import type { AdminClient } from './admin-client.js';
import { type Header, type WireHeader, header } from './types.js';

export interface EndpointStatus {
  endpoint: string;
  header: Header;
  version: string;
  dbSize: number;
  dbSizeInUse: number;
  /** Hex member ID of the leader. */
  leader: string;
  raftIndex: number;
  raftTerm: number;
  raftAppliedIndex: number;
  isLearner: boolean;
  errors: string[];
}

export async function endpointStatus(client: AdminClient): Promise<EndpointStatus> {
  const s = await client.call<{
    header: WireHeader;
    version: string;
    db_size: number;
    db_size_in_use: number;
    leader: string;
    raft_index: number;
    raft_term: number;
    raft_applied_index: number;
    is_learner: boolean;
  }>('GET', 'maintenance/status');
  return {
    endpoint: client.endpoint,
    header: header(s.header),
    version: s.version,
    dbSize: s.db_size,
    dbSizeInUse: s.db_size_in_use,
    leader: s.leader,
    raftIndex: s.raft_index,
    raftTerm: s.raft_term,
    raftAppliedIndex: s.raft_applied_index,
    isLearner: s.is_learner,
    errors: [],
  };
}

export interface EndpointHealth {
  endpoint: string;
  health: boolean;
  /** How long the check took, in nanoseconds (etcdctl measures the round trip). */
  tookNs: bigint;
  error?: string;
}

/** Healthy when the store answers a read in time; never throws. */
export async function endpointHealth(client: AdminClient): Promise<EndpointHealth> {
  const start = process.hrtime.bigint();
  try {
    await client.call('GET', 'maintenance/health');
    return { endpoint: client.endpoint, health: true, tookNs: process.hrtime.bigint() - start };
  } catch (err) {
    return { endpoint: client.endpoint, health: false, tookNs: process.hrtime.bigint() - start, error: (err as Error).message };
  }
}

export async function defragment(client: AdminClient): Promise<void> {
  await client.call('POST', 'maintenance/defragment');
}

export interface Member {
  id: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

export async function memberList(client: AdminClient): Promise<{ header: Header; members: Member[] }> {
  const r = await client.call<{
    header: WireHeader;
    members: Array<{ id: string; name: string; peer_urls: string[]; client_urls: string[]; is_learner: boolean }>;
  }>('GET', 'cluster/members');
  return {
    header: header(r.header),
    members: r.members.map((m) => ({ id: m.id, name: m.name, peerURLs: m.peer_urls, clientURLs: m.client_urls, isLearner: m.is_learner })),
  };
}
