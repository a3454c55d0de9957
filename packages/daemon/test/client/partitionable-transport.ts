/**
 * A transport that can lose its connection on demand, over a real one: open watches break
 * ("socket hang up") and new requests fail to connect until heal(). It also notes the
 * status of every watch the server refused or ended with an ERROR event.
 */
import type { RawWatch, RawWatchEvent, Transport, TransportRequestOptions, TransportResponse } from '@kubelab/core/client/transport';

export class PartitionableTransport implements Transport {
  /** HTTP codes of refused watches and of ERROR events, in order. */
  readonly watchErrors: number[] = [];
  private partitioned = false;
  private readonly breakers = new Set<() => void>();

  constructor(private readonly inner: Transport) {}

  partition(): void {
    this.partitioned = true;
    for (const b of this.breakers) b();
    this.breakers.clear();
  }

  heal(): void {
    this.partitioned = false;
  }

  async request(method: string, url: string, options?: TransportRequestOptions): Promise<TransportResponse> {
    this.check();
    return this.inner.request(method, url, options);
  }

  async watch(url: string, options?: { accept?: string }): Promise<RawWatch> {
    this.check();
    let inner: RawWatch;
    try {
      inner = await this.inner.watch(url, options);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'number') this.watchErrors.push(code);
      throw err;
    }
    // Cut off while the watch was being opened.
    if (this.partitioned) {
      inner.close();
      this.check();
    }
    let fail: (err: Error) => void = () => undefined;
    const broken = new Promise<never>((_, reject) => {
      fail = reject;
    });
    broken.catch(() => undefined);
    const breaker = () => fail(new Error('socket hang up'));
    this.breakers.add(breaker);
    const errors = this.watchErrors;
    const breakers = this.breakers;
    return {
      close: () => {
        breakers.delete(breaker);
        inner.close();
      },
      async *[Symbol.asyncIterator](): AsyncGenerator<RawWatchEvent> {
        const it = inner[Symbol.asyncIterator]();
        try {
          for (;;) {
            const r = await Promise.race([it.next(), broken]);
            if (r.done) return;
            if (r.value.type === 'ERROR') errors.push((r.value.object as { code: number }).code);
            yield r.value;
          }
        } finally {
          breakers.delete(breaker);
          inner.close();
        }
      },
    };
  }

  async close(): Promise<void> {
    await this.inner.close();
  }

  private check(): void {
    if (this.partitioned) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { errno: 'ECONNREFUSED' });
  }
}
