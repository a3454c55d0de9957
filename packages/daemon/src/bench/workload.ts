/**
 * The shared write workload: 1 KiB values under one Kubernetes-like prefix, driven by N
 * closed-loop writers (each issues its next put as soon as the previous one resolved, like
 * N API clients creating objects). Every throughput benchmark — ours, raw SQLite, etcd —
 * uses this, so they differ only in what a put goes to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nowMs } from './stats.js';

export const VALUE_BYTES = 1024;

/** Where benchmark keys live: a configmap-shaped prefix, as the API server would write. */
export const BENCH_PREFIX = '/registry/configmaps/bench/';

/**
 * A fixed pseudo-random value: not all zeros, so no layer can win by compressing it, and
 * the same bytes for every backend.
 */
export function benchValue(bytes = VALUE_BYTES): Buffer {
  const b = Buffer.alloc(bytes);
  let x = 0x9e3779b9;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

/** Distinct keys in byte order of their sequence number (zero-padded), under BENCH_PREFIX. */
export function benchKey(seq: number, prefix = BENCH_PREFIX): string {
  return `${prefix}cm-${String(seq).padStart(9, '0')}`;
}

/** A fresh private temporary directory, and a way to remove it. */
export function tempDir(label: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `kubelab-bench-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface ThroughputSample {
  /** Operations that completed (for raw SQLite: rows committed). */
  ops: number;
  elapsedMs: number;
  /** Per-operation latency, issue → resolve (raw SQLite: per transaction). */
  latenciesMs: number[];
}

/**
 * A throughput benchmark held open between rounds, so rounds of different benchmarks can
 * be interleaved (and a noisy neighbour hits each of them alike) without paying setup —
 * etcd's start, a database's creation — more than once.
 */
export interface ThroughputSession {
  /** What is worth knowing about this session's setup (e.g. the etcd version), for the notes. */
  readonly note?: string;
  /** Runs the workload for about durationMs. */
  measure(durationMs: number): Promise<ThroughputSample>;
  close(): Promise<void>;
}

/**
 * Runs `writers` closed loops until durationMs has passed; each loop calls put with a
 * sequence number unique across all loops. Puts in flight at the deadline are waited for
 * and counted, and so is the time they took.
 */
export async function runWriters(
  writers: number,
  durationMs: number,
  put: (seq: number) => Promise<unknown>,
  nextSeq: () => number,
): Promise<ThroughputSample> {
  const latenciesMs: number[] = [];
  const start = nowMs();
  const deadline = start + durationMs;
  const loop = async () => {
    while (nowMs() < deadline) {
      const t0 = nowMs();
      await put(nextSeq());
      latenciesMs.push(nowMs() - t0);
    }
  };
  await Promise.all(Array.from({ length: writers }, loop));
  return { ops: latenciesMs.length, elapsedMs: nowMs() - start, latenciesMs };
}

/** A counter for nextSeq, so keys stay distinct across rounds of one session. */
export function sequence(start = 0): () => number {
  let n = start;
  return () => n++;
}
