/**
 * The kubelet's file source of static pods (pkg/kubelet/config/file.go, common.go): every
 * manifest in the node's staticPodPath (<data-dir>/nodes/<node>/manifests/ in kubelab) is a
 * pod the kubelet runs on its own authority, without the API server. The directory is watched
 * (inotify through fs.watch) and re-read every fileCheckFrequency (20 s) as upstream does, so
 * an edit the watch missed is still picked up.
 *
 * Each pod is completed as applyDefaults does for a file source:
 *   name          <name>-<node>
 *   namespace     "default" when unset
 *   uid           md5 of "host:<node>", "file:<path>" and the pod — so an edit is a new pod
 *   annotations   kubernetes.io/config.hash (the uid), config.seen, config.source "file"
 *   nodeName      the node; a toleration of every NoExecute taint; phase Pending
 * The kubelet reports each as a mirror pod in the API (kubelet.ts, mirror-pods.ts).
 * Files whose name starts with "." are ignored; one that does not parse as a Pod is logged
 * and skipped.
 */
import { createHash } from 'node:crypto';
import { type FSWatcher, mkdirSync, readFileSync, readdirSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import { type Clock, type KubeObject, type TimerHandle, applyDefaults, resourceFor, timestamp } from '@kubelab/core';
import { parse } from 'yaml';
import type { Pod } from './pod-types.js';

const PODS = resourceFor('', 'v1', 'pods')!;

export const CONFIG_HASH = 'kubernetes.io/config.hash';
export const CONFIG_SEEN = 'kubernetes.io/config.seen';
export const CONFIG_SOURCE = 'kubernetes.io/config.source';
export const CONFIG_MIRROR = 'kubernetes.io/config.mirror';

export interface StaticPodSourceOptions {
  dir: string;
  nodeName: string;
  clock: Clock;
  /** fileCheckFrequency: the periodic re-read (20 s). */
  checkFrequencyMs: number;
  /** The full set of static pods, whenever it changes. */
  onChange(pods: Pod[]): void;
  log(level: 'I' | 'E', message: string): void;
  random?: () => number;
  /** Watch the directory (default true); without, only the periodic re-read sees changes. */
  watch?: boolean;
}

export class StaticPodSource {
  private watcher: FSWatcher | undefined;
  private timer: TimerHandle | undefined;
  private last = '';
  private pods: Pod[] = [];
  /**
   * What each manifest read to at the previous re-read, by file name and text: a manifest
   * that has not changed is not parsed again every period (parsing YAML is most of an idle
   * kubelet's work), and its pod keeps the time it was first seen.
   */
  private parsed = new Map<string, Pod | string>();

  constructor(private readonly options: StaticPodSourceOptions) {}

  /** Reads the directory once (the pods are delivered before this returns), then watches it. */
  start(): void {
    const { dir, clock, checkFrequencyMs } = this.options;
    mkdirSync(dir, { recursive: true });
    this.rescan();
    try {
      if (this.options.watch !== false) {
        this.watcher = watch(dir, { persistent: false }, () => this.rescan());
        this.watcher.on('error', () => this.watcher?.close());
      }
    } catch (err) {
      // Out of inotify watches: the periodic re-read still finds every change.
      this.options.log('E', `"Unable to watch the static pod path, falling back to polling" path="${dir}" err="${(err as Error).message}"`);
    }
    // The first re-read within one period, at a random point (many nodes do not re-read together).
    const offset = checkFrequencyMs - Math.floor((this.options.random ?? Math.random)() * checkFrequencyMs);
    this.timer = clock.setTimeout(() => {
      this.rescan();
      this.timer = clock.setInterval(() => this.rescan(), checkFrequencyMs);
    }, offset);
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.timer?.clear();
    this.timer = undefined;
  }

  /** The static pods as last read. */
  current(): readonly Pod[] {
    return this.pods;
  }

  rescan(): void {
    const { dir, nodeName, clock } = this.options;
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
    } catch {
      files = [];
    }
    const pods: Pod[] = [];
    const texts: string[] = [];
    const parsed = new Map<string, Pod | string>();
    for (const f of files) {
      const path = join(dir, f);
      let text: string;
      try {
        if (!statSync(path).isFile()) continue;
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      const key = `${f}\n${text}`;
      texts.push(key);
      const pod = this.parsed.get(key) ?? staticPod(path, text, nodeName, clock.now());
      parsed.set(key, pod);
      if (typeof pod === 'string') {
        this.options.log('E', `"Could not process manifest file" err="${pod}" path="${path}"`);
        continue;
      }
      pods.push(pod);
    }
    this.parsed = parsed;
    const fingerprint = texts.join('\0');
    if (fingerprint === this.last) return;
    this.last = fingerprint;
    // A pod whose manifest did not change keeps the time it was first seen.
    const seen = new Map(this.pods.map((p) => [p.metadata!.uid!, p]));
    this.pods = pods.map((p) => seen.get(p.metadata!.uid!) ?? p);
    this.options.onChange(this.pods);
  }
}

/** A manifest as the kubelet's file source completes it; a string says why it is not a pod. */
export function staticPod(path: string, text: string, nodeName: string, now: number): Pod | string {
  let obj: Pod;
  try {
    obj = parse(text) as Pod;
  } catch (err) {
    return `invalid pod: ${(err as Error).message.split('\n')[0]}`;
  }
  if (!obj || typeof obj !== 'object' || (obj as { kind?: string }).kind !== 'Pod') return 'invalid pod: the manifest is not a Pod';
  if (!obj.metadata?.name) return 'invalid pod: metadata.name: Required value';
  if (!Array.isArray(obj.spec?.containers) || obj.spec.containers.length === 0) return 'invalid pod: spec.containers: Required value';
  const hash = createHash('md5').update(`host:${nodeName}`).update(`file:${path}`).update(JSON.stringify(obj)).digest('hex');
  const pod = structuredClone(obj);
  const m = pod.metadata!;
  m.name = `${m.name}-${nodeName.toLowerCase()}`;
  m.namespace ||= 'default';
  m.uid = hash;
  m.annotations = { ...(m.annotations ?? {}), [CONFIG_HASH]: hash, [CONFIG_SEEN]: new Date(now).toISOString().replace('Z', '000000Z'), [CONFIG_SOURCE]: 'file' };
  m.creationTimestamp = timestamp(now);
  applyDefaults(PODS, pod as unknown as KubeObject);
  pod.spec.nodeName = nodeName;
  const tolerations = pod.spec.tolerations ?? [];
  if (!tolerations.some((t) => t.operator === 'Exists' && !t.key && t.effect === 'NoExecute')) tolerations.push({ operator: 'Exists', effect: 'NoExecute' });
  pod.spec.tolerations = tolerations;
  pod.status = { phase: 'Pending' };
  return pod;
}
