/**
 * A stream a producer pushes chunks into: consumed either by iterating it (the in-process
 * transport) or by subscribing a writer (the HTTP server writes each chunk straight to its
 * socket, with no promise per chunk — what makes fanning one event out to a thousand
 * watchers cheap).
 */
export class PushStream implements AsyncIterable<string> {
  private queue: string[] = [];
  private waiter: ((r: IteratorResult<string>) => void) | undefined;
  private sink: { write: (chunk: string) => void; end: () => void } | undefined;
  private ended = false;
  private endListeners: Array<() => void> = [];

  /** Runs cb once the stream ends (at once if it has). */
  onEnd(cb: () => void): void {
    if (this.ended) cb();
    else this.endListeners.push(cb);
  }

  push(chunk: string): void {
    if (this.ended) return;
    if (this.sink) return this.sink.write(chunk);
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w({ value: chunk, done: false });
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

  /** Hands every chunk (queued ones first) to write, and the end to end. */
  subscribe(write: (chunk: string) => void, end: () => void): void {
    for (const c of this.queue) write(c);
    this.queue = [];
    if (this.ended) return end();
    this.sink = { write, end };
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return {
      next: () => {
        const chunk = this.queue.shift();
        if (chunk !== undefined) return Promise.resolve({ value: chunk, done: false });
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
