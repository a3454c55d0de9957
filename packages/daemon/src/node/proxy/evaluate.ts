/**
 * A packet through a table, as netfilter takes it: the rules of a chain in order; a rule
 * whose matches all hold applies its target — a jump enters another chain and comes back
 * when that chain ends or RETURNs; DNAT, MASQUERADE, ACCEPT, DROP and REJECT end the table;
 * MARK changes the packet's mark and goes on. A built-in chain that ends applies its
 * policy (ACCEPT everywhere here).
 *
 * State a walk can touch lives outside it, as in the kernel: the packet's mark, and the
 * `recent` lists of the node (session affinity: source address → last seen).
 */
import { MASQUERADE_MARK, type Protocol } from './chains.js';
import { type Match, type Rule, type Table, type Target, storedProbability } from './rules.js';

export interface Packet {
  src: string;
  dst: string;
  dport: number;
  protocol: Protocol;
  /** The packet's mark (0x4000: to be masqueraded). */
  mark: number;
  /** Connection tracking: NEW, plus DNAT once the destination was translated. */
  ctstates: string[];
}

/** xt_recent's lists on one node: list name → source address → last seen (ms). */
export type RecentLists = Map<string, Map<string, number>>;

export interface WalkContext {
  /** addrtype LOCAL: an address of this node. */
  isLocal(ip: string): boolean;
  random(): number;
  recent: RecentLists;
  now: number;
}

export interface WalkResult {
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  /** DNAT's new destination. */
  dnat?: { ip: string; port: number };
  masquerade: boolean;
  /** The rules that matched and acted, in the order they did. */
  matched: Rule[];
}

type Outcome = { end: false } | { end: true; verdict: WalkResult['verdict'] };

const indexes = new WeakMap<Table, Map<string, Rule[]>>();

function rulesOf(table: Table, chain: string): Rule[] {
  let index = indexes.get(table);
  if (!index) {
    index = new Map();
    for (const r of table.rules) {
      const list = index.get(r.chain) ?? [];
      list.push(r);
      index.set(r.chain, list);
    }
    indexes.set(table, index);
  }
  return index.get(chain) ?? [];
}

/** Walks `packet` (changed in place: mark, destination) through table from chain. */
export function walk(table: Table, chain: string, packet: Packet, ctx: WalkContext): WalkResult {
  const result: WalkResult = { verdict: 'ACCEPT', masquerade: false, matched: [] };
  const run = (name: string, depth: number): Outcome => {
    if (depth > 32) throw new Error(`iptables: chain ${name}: too many levels of jumps`);
    for (const rule of rulesOf(table, name)) {
      if (!rule.matches.every((x) => matches(x, packet, ctx))) continue;
      if (!rule.target) continue;
      result.matched.push(rule);
      const outcome = apply(rule.target, depth);
      if (outcome === 'return') return { end: false };
      if (outcome) return outcome;
    }
    return { end: false };
  };
  const apply = (t: Target, depth: number): Outcome | 'return' | undefined => {
    switch (t.kind) {
      case 'jump': {
        const sub = run(t.chain, depth + 1);
        return sub.end ? sub : undefined;
      }
      case 'DNAT': {
        const i = t.to.lastIndexOf(':');
        result.dnat = { ip: t.to.slice(0, i), port: Number(t.to.slice(i + 1)) };
        packet.dst = result.dnat.ip;
        packet.dport = result.dnat.port;
        if (!packet.ctstates.includes('DNAT')) packet.ctstates.push('DNAT');
        return { end: true, verdict: 'ACCEPT' };
      }
      case 'MARK':
        packet.mark = ((packet.mark & ~t.mask) ^ t.value) >>> 0;
        return undefined;
      case 'MASQUERADE':
        result.masquerade = true;
        return { end: true, verdict: 'ACCEPT' };
      case 'RETURN':
        return 'return';
      case 'ACCEPT':
      case 'DROP':
      case 'REJECT':
        return { end: true, verdict: t.kind };
    }
  };
  const outcome = run(chain, 0);
  if (outcome.end) result.verdict = outcome.verdict;
  return result;
}

function matches(x: Match, p: Packet, ctx: WalkContext): boolean {
  switch (x.kind) {
    case 'source':
      return inCidr(p.src, x.cidr) !== !!x.negate;
    case 'destination':
      return inCidr(p.dst, x.cidr) !== !!x.negate;
    case 'protocol':
      return p.protocol === x.protocol;
    case 'port':
      return p.protocol === x.protocol && (x.dport === undefined || p.dport === x.dport);
    case 'addrtype':
      return ctx.isLocal(x.side === 'src' ? p.src : p.dst) !== !!x.negate;
    case 'statistic':
      return ctx.random() < storedProbability(x.probability);
    case 'recent': {
      let list = ctx.recent.get(x.name);
      if (x.mode === 'set') {
        if (!list) ctx.recent.set(x.name, (list = new Map()));
        list.set(p.src, ctx.now);
        return true;
      }
      const seen = list?.get(p.src);
      const fresh = seen !== undefined && ctx.now - seen <= (x.seconds ?? 10800) * 1000;
      // --reap: entries older than --seconds are dropped as they are checked.
      if (seen !== undefined && !fresh) list!.delete(p.src);
      return fresh;
    }
    case 'mark':
      return ((p.mark & x.mask) === x.value) !== !!x.negate;
    case 'conntrack':
      return x.states.some((s) => p.ctstates.includes(s)) !== !!x.negate;
    case 'comment':
    case 'nfacct':
      return true;
  }
}

/** Whether an IPv4 address is inside "a.b.c.d/n" (or equals "a.b.c.d"). */
export function inCidr(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  const prefix = bits === undefined ? 32 : Number(bits);
  const a = toNumber(ip);
  const b = toNumber(net!);
  if (a === undefined || b === undefined) return false;
  if (prefix === 0) return true;
  const mask = (~0 << (32 - prefix)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

function toNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    const v = Number(part);
    if (!Number.isInteger(v) || v < 0 || v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** Whether the walk left the packet marked for masquerading. */
export function markedForMasquerade(p: Packet): boolean {
  return (p.mark & MASQUERADE_MARK) !== 0;
}
