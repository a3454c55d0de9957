/**
 * etcdctl 3.4's output for endpoint status, endpoint health and member list, in its three
 * forms (printer_simple.go, printer_json.go, printer_table.go):
 *
 *   endpoint status   https://127.0.0.1:6443, 8e9e05c52164694d, kubelab-sqlite/0.1.0, 20 kB, true, false, 1, 412, 412,
 *   endpoint health   https://127.0.0.1:6443 is healthy: successfully committed proposal: took = 1.232589ms  (stderr)
 *   member list       8e9e05c52164694d, started, kubelab, , https://127.0.0.1:6443, false
 */
import type { EndpointHealth, EndpointStatus, Member } from '../maintenance.js';
import type { Header } from '../types.js';
import { type GoValue, goJson, hexId, omitZero, uint64 } from './go-json.js';
import { jsonHeader } from './kv.js';
import { table } from './table.js';
import { goDuration, humanizeBytes } from './units.js';

export type MaintenanceFormat = 'simple' | 'json' | 'table';

function statusCells(s: EndpointStatus): string[] {
  return [
    s.endpoint,
    hexId(s.header.memberId),
    s.version,
    humanizeBytes(s.dbSize),
    String(uint64(s.leader) === uint64(s.header.memberId)),
    String(s.isLearner),
    String(s.raftTerm),
    String(s.raftIndex),
    String(s.raftAppliedIndex),
    s.errors.join(', '),
  ];
}

export function formatEndpointStatus(list: EndpointStatus[], format: MaintenanceFormat): string {
  if (format === 'json') {
    const entries = list.map((s) => ({
      Endpoint: s.endpoint,
      Status: {
        header: jsonHeader(s.header),
        version: omitZero(s.version),
        dbSize: omitZero(s.dbSize),
        leader: omitZero(uint64(s.leader)),
        raftIndex: omitZero(s.raftIndex),
        raftTerm: omitZero(s.raftTerm),
        raftAppliedIndex: omitZero(s.raftAppliedIndex),
        errors: s.errors.length ? s.errors : undefined,
        dbSizeInUse: omitZero(s.dbSizeInUse),
        isLearner: omitZero(s.isLearner),
      },
    }));
    return `${goJson(entries)}\n`;
  }
  if (format === 'table') {
    const header = ['ENDPOINT', 'ID', 'VERSION', 'DB SIZE', 'IS LEADER', 'IS LEARNER', 'RAFT TERM', 'RAFT INDEX', 'RAFT APPLIED INDEX', 'ERRORS'];
    return table(header, list.map(statusCells));
  }
  return list.map((s) => `${statusCells(s).join(', ')}\n`).join('');
}

/** The simple form goes to stderr, healthy or not, as etcdctl 3.4 writes it (printer_simple.go). */
export function formatEndpointHealth(list: EndpointHealth[], format: MaintenanceFormat): { stdout: string; stderr: string } {
  const took = (h: EndpointHealth) => goDuration(h.tookNs);
  if (format === 'json') {
    const entries: GoValue = list.map((h) => ({ endpoint: h.endpoint, health: h.health, took: took(h), error: h.error }));
    return { stdout: `${goJson(entries)}\n`, stderr: '' };
  }
  if (format === 'table') {
    return { stdout: table(['ENDPOINT', 'HEALTH', 'TOOK', 'ERROR'], list.map((h) => [h.endpoint, String(h.health), took(h), h.error ?? ''])), stderr: '' };
  }
  const lines = list.map((h) =>
    h.health ? `${h.endpoint} is healthy: successfully committed proposal: took = ${took(h)}\n` : `${h.endpoint} is unhealthy: failed to commit proposal: ${h.error ?? ''}\n`,
  );
  return { stdout: '', stderr: lines.join('') };
}

function memberCells(m: Member): string[] {
  // etcd calls a member that has not published its name yet "unstarted".
  return [hexId(m.id), m.name ? 'started' : 'unstarted', m.name, m.peerURLs.join(','), m.clientURLs.join(','), String(m.isLearner)];
}

export function formatMemberList(r: { header: Header; members: Member[] }, format: MaintenanceFormat): string {
  if (format === 'json') {
    const members = r.members.map((m) => ({
      ID: omitZero(uint64(m.id)),
      name: omitZero(m.name),
      peerURLs: m.peerURLs.length ? m.peerURLs : undefined,
      clientURLs: m.clientURLs.length ? m.clientURLs : undefined,
      isLearner: omitZero(m.isLearner),
    }));
    return `${goJson({ header: jsonHeader(r.header), members })}\n`;
  }
  if (format === 'table') return table(['ID', 'STATUS', 'NAME', 'PEER ADDRS', 'CLIENT ADDRS', 'IS LEARNER'], r.members.map(memberCells));
  return r.members.map((m) => `${memberCells(m).join(', ')}\n`).join('');
}
