/**
 * etcd's Maintenance and Cluster services for the one-member store: status, health,
 * defragment and the member list, in the fields etcdctl prints.
 *
 * The store has no Raft log, so the Raft fields are stand-ins with the same meaning for a
 * single member: it is its own leader, in term 1 (RAFT_TERM), and every committed write is
 * one applied log entry, so the raft index and the applied index are the current revision.
 */
import type { Backend } from '../../store/backend.js';
import { type Identity, RAFT_TERM, wireHeader } from './wire.js';

/** The member's name in `member list` (etcd's default is "default"). */
export const MEMBER_NAME = 'kubelab';

export async function status(backend: Backend, id: Identity): Promise<unknown> {
  const s = await backend.status();
  return {
    header: wireHeader(id, s.header),
    version: s.version,
    db_size: s.dbSize,
    db_size_in_use: s.dbSizeInUse,
    leader: s.memberId,
    raft_index: s.header.revision,
    raft_term: RAFT_TERM,
    raft_applied_index: s.header.revision,
    is_learner: false,
    compact_revision: s.compactRevision,
  };
}

/**
 * Healthy when the store answers a read, as etcdctl's `endpoint health` judges a member by a
 * linearizable GET of the key "health" (any answer, even an empty one, counts).
 */
export async function health(backend: Backend): Promise<unknown> {
  await backend.range('health');
  return { health: true };
}

export async function defragment(backend: Backend, id: Identity): Promise<unknown> {
  await backend.defragment();
  return { header: wireHeader(id, { revision: 0 }) };
}

/** The member list; like etcd's, its header carries no revision. */
export function memberList(id: Identity, clientUrl: string): unknown {
  return {
    header: wireHeader(id, { revision: 0 }),
    members: [{ id: id.memberId, name: MEMBER_NAME, peer_urls: [], client_urls: [clientUrl], is_learner: false }],
  };
}
