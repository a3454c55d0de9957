/**
 * A container's log, as the runtime writes it to its CRI log file
 * (/var/log/pods/<ns>_<pod>_<uid>/<container>/<restartCount>.log): one entry per line with
 * the time it was written and its stream. Partial lines wait for their newline (or for the
 * container to exit). Like the kubelet's containerLogMaxSize rotation, only the newest
 * MAX_BYTES are kept. Followers (`kubectl logs -f`) get lines as they are written, and their
 * stream ends when the container exits.
 */
import type { LogEntry, LogOptions, LogStream } from './cri.js';

/** The kubelet's default containerLogMaxSize: 10 MiB. */
const MAX_BYTES = 10 * 1024 * 1024;

export class ContainerLog {
  private readonly entries: LogEntry[] = [];
  private bytes = 0;
  private readonly partial = { stdout: '', stderr: '' };
  private readonly followers = new Set<(e: LogEntry | undefined) => void>();
  private closed = false;

  constructor(private readonly now: () => number) {}

  write(stream: 'stdout' | 'stderr', text: string): void {
    if (this.closed) return;
    const parts = (this.partial[stream] + text).split('\n');
    this.partial[stream] = parts.pop()!;
    for (const line of parts) this.append({ time: this.now(), stream, text: line });
  }

  /** The container exited: partial lines are written and followers end. */
  close(): void {
    if (this.closed) return;
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) this.append({ time: this.now(), stream, text: this.partial[stream] });
      this.partial[stream] = '';
    }
    this.closed = true;
    for (const f of this.followers) f(undefined);
    this.followers.clear();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The lines so far (filtered as asked) and, when following an open log, the ones to come. */
  read(options: LogOptions): LogStream {
    let entries = options.since === undefined ? [...this.entries] : this.entries.filter((e) => e.time >= options.since!);
    if (options.tailLines !== undefined) entries = options.tailLines === 0 ? [] : entries.slice(-options.tailLines);
    if (options.limitBytes !== undefined) entries = limit(entries, options.limitBytes);
    if (!options.follow || this.closed) return { entries, close: () => undefined };
    const queue: LogEntry[] = [];
    let wake: (() => void) | undefined;
    let ended = false;
    const listener = (e: LogEntry | undefined) => {
      if (e) queue.push(e);
      else ended = true;
      wake?.();
    };
    this.followers.add(listener);
    const close = () => {
      ended = true;
      this.followers.delete(listener);
      wake?.();
    };
    const follow: AsyncIterable<LogEntry> = {
      async *[Symbol.asyncIterator]() {
        try {
          for (;;) {
            while (queue.length) yield queue.shift()!;
            if (ended) return;
            await new Promise<void>((r) => (wake = r));
            wake = undefined;
          }
        } finally {
          close();
        }
      },
    };
    return { entries, follow, close };
  }

  private append(e: LogEntry): void {
    this.entries.push(e);
    this.bytes += e.text.length + 40;
    while (this.bytes > MAX_BYTES && this.entries.length > 1) this.bytes -= this.entries.shift()!.text.length + 40;
    for (const f of this.followers) f(e);
  }
}

function limit(entries: LogEntry[], bytes: number): LogEntry[] {
  const out: LogEntry[] = [];
  let left = bytes;
  for (const e of entries) {
    if (left <= 0) break;
    const size = Buffer.byteLength(e.text) + 1;
    out.push(size <= left ? e : { ...e, text: Buffer.from(e.text).subarray(0, left).toString() });
    left -= size;
  }
  return out;
}

/** RFC 3339 with nanoseconds, as CRI log files and `kubectl logs --timestamps` print times. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
