/**
 * iptables rules as data: what kube-proxy writes (proxier.ts builds them), what
 * `iptables-save` prints (save.ts renders them) and what a packet goes through (evaluate.ts
 * walks them) — one description, so the rules a user reads are the rules the data path
 * follows.
 *
 * A rule is a chain, matches and a target, as `iptables -A CHAIN [matches] -j TARGET` takes
 * them. The address and protocol matches (-s, -d, -p) belong to the rule itself in the
 * kernel and iptables-save prints them first; the `-m` matches follow in the order given.
 */
import type { Protocol } from './chains.js';

export type Match =
  | { kind: 'source'; cidr: string; negate?: boolean }
  | { kind: 'destination'; cidr: string; negate?: boolean }
  | { kind: 'protocol'; protocol: Protocol }
  /** -m comment --comment "text" */
  | { kind: 'comment'; text: string }
  /** -m tcp [--dport N] (the protocol's own match module) */
  | { kind: 'port'; protocol: Protocol; dport?: number }
  /** -m addrtype --src-type LOCAL / --dst-type LOCAL */
  | { kind: 'addrtype'; side: 'src' | 'dst'; type: 'LOCAL'; negate?: boolean }
  /** -m statistic --mode random --probability p */
  | { kind: 'statistic'; probability: number }
  /** -m recent: --rcheck --seconds N --reap (session affinity lookup) or --set (record) */
  | { kind: 'recent'; name: string; mode: 'rcheck' | 'set'; seconds?: number }
  /** -m mark [!] --mark value/mask */
  | { kind: 'mark'; value: number; mask: number; negate?: boolean }
  /** -m conntrack [!] --ctstate A,B */
  | { kind: 'conntrack'; states: string[]; negate?: boolean }
  /** -m nfacct --nfacct-name N (a counter; always matches) */
  | { kind: 'nfacct'; name: string };

export type Target =
  | { kind: 'jump'; chain: string }
  | { kind: 'DNAT'; to: string }
  /** MARK --set-xmark value/mask: bits in mask are cleared, then value is XORed in. */
  | { kind: 'MARK'; value: number; mask: number }
  | { kind: 'MASQUERADE'; randomFully?: boolean }
  | { kind: 'REJECT'; with: 'icmp-port-unreachable' }
  | { kind: 'RETURN' }
  | { kind: 'ACCEPT' }
  | { kind: 'DROP' };

export interface Rule {
  chain: string;
  matches: Match[];
  /** None: the rule only counts packets (kube-proxy's "will be dropped by …" markers). */
  target?: Target;
}

export type TableName = 'filter' | 'nat';

export interface Table {
  name: TableName;
  /** User chains kube-proxy created, including empty ones. */
  chains: Set<string>;
  rules: Rule[];
}

/** The built-in chains of a table, in the kernel's order. */
export const BUILTIN_CHAINS: Record<TableName, string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};

/** The rule set of one node: its filter and nat tables. */
export interface Ruleset {
  filter: Table;
  nat: Table;
}

export function newTable(name: TableName): Table {
  return { name, chains: new Set(), rules: [] };
}

/** Appends a rule (creating the chain when it is a user chain). */
export function append(table: Table, chain: string, matches: Match[], target?: Target): void {
  if (!BUILTIN_CHAINS[table.name].includes(chain)) table.chains.add(chain);
  if (target?.kind === 'jump' && !BUILTIN_CHAINS[table.name].includes(target.chain)) table.chains.add(target.chain);
  table.rules.push({ chain, matches, target });
}

// Small constructors for readable rule building.
export const m = {
  src: (cidr: string, negate = false): Match => ({ kind: 'source', cidr, negate }),
  dst: (cidr: string, negate = false): Match => ({ kind: 'destination', cidr, negate }),
  proto: (protocol: Protocol): Match => ({ kind: 'protocol', protocol }),
  comment: (text: string): Match => ({ kind: 'comment', text }),
  dport: (protocol: Protocol, dport?: number): Match => ({ kind: 'port', protocol, dport }),
  dstLocal: (): Match => ({ kind: 'addrtype', side: 'dst', type: 'LOCAL' }),
  srcLocal: (): Match => ({ kind: 'addrtype', side: 'src', type: 'LOCAL' }),
  probability: (p: number): Match => ({ kind: 'statistic', probability: p }),
  ctstate: (states: string[], negate = false): Match => ({ kind: 'conntrack', states, negate }),
};

export const jump = (chain: string): Target => ({ kind: 'jump', chain });

/**
 * The probability as the kernel keeps it: xt_statistic stores it as a 31-bit fraction
 * (round(p × 2^31)), and iptables-save prints that back with 11 decimals — which is why a
 * third reads 0.33333333349 in every real dump.
 */
export function storedProbability(p: number): number {
  return Math.round(p * 0x80000000) / 0x80000000;
}
