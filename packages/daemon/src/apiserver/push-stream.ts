/**
 * A stream a producer pushes chunks into: consumed either by iterating it (the in-process
 * transport) or by subscribing a writer (the HTTP server writes each chunk straight to its
 * socket, with no promise per chunk — what makes fanning one event out to a thousand
 * watchers cheap).
 */

/**
 * A chunk many streams carry, as a watch event's line goes to every watcher of the same
 * representation: its text for in-process readers, its UTF-8 bytes encoded once, on first
 * use, for every socket. (A string written to a thousand sockets is encoded a thousand
 * times; upstream's cacher likewise caches an event's serialization per encoder,
 * k8s.io/apiserver/pkg/storage/cacher/caching_object.go.)
 */
export class SharedChunk {
  private encoded: Buffer | undefined;

  constructor(readonly text: string) {}

  get bytes(): Buffer {
    this.encoded ??= Buffer.from(this.text, 'utf8');
    return this.encoded;
  }
}

export type Chunk = string | SharedChunk;

/** Where a subscribed stream's chunks go: the bytes of shared chunks, other text as is. */
export interface ChunkSink {
  write(chunk: string | Buffer): void;
  end(): void;
}

export class PushStream implements AsyncIterable<string> {
  private queue: Chunk[] = [];
  private waiter: ((r: IteratorResult<string>) => void) | undefined;
  private sink: ChunkSink | undefined;
  private ended = false;
  private endListeners: Array<() => void> = [];

  /** Runs cb once the stream ends (at once if it has). */
  onEnd(cb: () => void): void {
    if (this.ended) cb();
    else this.endListeners.push(cb);
  }

  push(chunk: Chunk): void {
    if (this.ended) return;
    const sink = this.sink;
    if (sink) return sink.write(typeof chunk === 'string' ? chunk : chunk.bytes);
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w({ value: textOf(chunk), done: false });
    } else {
      this.queue.push(chunk);
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const cb of this.endListeners.splice(0)) cb();
    if (this.sink) this.sink.end();
    else if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w({ value: undefined, done: true });
    }
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Hands every chunk (queued ones first) to the sink, and the end. */
  subscribe(sink: ChunkSink): void {
    for (const c of this.queue) sink.write(typeof c === 'string' ? c : c.bytes);
    this.queue = [];
    if (this.ended) return sink.end();
    this.sink = sink;
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return {
      next: () => {
        const chunk = this.queue.shift();
        if (chunk !== undefined) return Promise.resolve({ value: textOf(chunk), done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiter = resolve));
      },
      return: () => {
        this.end();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

function textOf(chunk: Chunk): string {
  return typeof chunk === 'string' ? chunk : chunk.text;
}
