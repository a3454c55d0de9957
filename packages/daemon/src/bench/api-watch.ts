/**
 * Watch delivery through the API server: `watchers` HTTPS watches
 * (`GET …/configmaps?watch=1&resourceVersion=N`) on one namespace of a kubelabd child
 * process — multiplexed over one HTTP/2 connection, as client-go carries a client's watches,
 * or each on its own HTTP/1.1 connection, the worst case — and ConfigMaps created one at a time by POST. Every create's ADDED event must
 * reach every watcher before the next create is issued, so the figures are per-change
 * delivery latency, not queueing behind a backlog. Events about other ConfigMaps in the
 * namespace (controllers publish kube-root-ca.crt into every namespace) are skipped.
 *
 * As in the store's watch benchmark (watch-latency.ts), the commit instant is inside the
 * daemon, so two clocks bracket it:
 *   - create issued → event received: from just before the POST is sent to the moment the
 *     chunk carrying a watcher's event arrives. Includes the request, the group commit and
 *     its fsync: an upper bound on commit → event, and what the target is checked against.
 *   - create resolved → event received: from the 201 arriving to the event; a lower bound,
 *     negative when the event beat the response.
 * Every watcher's stream is read in this one process, so the receiving side (TLS, HTTP/2
 * framing, one `data` callback per stream — about as much CPU per event as the server's
 * fan-out) is part of the figures, as it would not be with the watchers spread over many
 * client processes. A watcher records the arrival time and keeps the raw bytes, searched
 * only for the probe's name; lines are decoded, parsed and checked once everyone has the
 * event. The HTTP/2 connection announces client-go's flow-control windows (api-client.ts):
 * with the protocol's 64 KiB defaults, one event to a thousand watchers would wait on a
 * score of WINDOW_UPDATE round trips, a cost client-go does not have.
 */
import type { Dispatcher } from 'undici';
import type { ClientHttp2Stream } from 'node:http2';
import { ApiClient, BENCH_NAMESPACE, Http2Watches, createMany, createNamespace } from './api-client.js';
import { configMapBody, configMapName, configMapPayload } from './api-creates.js';
import { spawnDaemon } from './daemon-process.js';
import { type BenchResult, figure } from './result.js';
import { nowMs, summarize } from './stats.js';
import { tempDir } from './workload.js';

export interface ApiWatchScale {
  watchers: number;
  /** h2: one HTTP/2 connection for every watch (client-go); http1: a connection each. */
  protocol?: 'h2' | 'http1';
  /** Measured creates; each yields one sample per watcher. */
  puts: number;
  /** Creates before measuring, while V8 warms up on both sides. */
  warmupPuts?: number;
  daemonNodeArgs?: readonly string[];
}

/** How long one create's events may take to reach everyone before the benchmark gives up. */
const DELIVERY_TIMEOUT_MS = 30_000;
const NEWLINE = 0x0a;
/** Watch connections being opened at once (TLS handshakes are the daemon's CPU too). */
const OPEN_CONCURRENCY = 50;

/** One create in flight: when each watcher heard of it, and what it heard. */
interface Probe {
  /** `"name":"<the ConfigMap's name>"` in UTF-8, to tell its event from others' without decoding. */
  marker: Buffer;
  arrivals: Float64Array;
  /** Each watcher's raw event line, parsed once everyone has it. */
  lines: Buffer[];
  heard: Uint8Array;
  received: number;
  done: () => void;
  fail: (err: Error) => void;
}

interface WatchEvent {
  type?: string;
  object?: { metadata?: { name?: string; resourceVersion?: string } };
}

export async function benchApiWatch(scale: ApiWatchScale): Promise<BenchResult> {
  const dir = tempDir('api-watch');
  try {
    const daemon = await spawnDaemon({ dataDir: dir.path, nodeArgs: scale.daemonNodeArgs });
    const writer = new ApiClient(daemon, 1);
    const h2 = (scale.protocol ?? 'h2') === 'h2';
    const watchPool = h2 ? undefined : new ApiClient(daemon, scale.watchers);
    const h2Watches = h2 ? new Http2Watches(daemon) : undefined;
    const streams: Array<Dispatcher.ResponseData['body'] | ClientHttp2Stream> = [];
    try {
      await createNamespace(writer);
      const collection = `/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps`;
      const listed = await writer.json<{ metadata: { resourceVersion: string } }>(200, 'GET', collection);
      const from = listed.metadata.resourceVersion;

      let probe: Probe | undefined;
      /** Events about other objects (the kube-root-ca.crt ConfigMap every namespace gets). */
      let foreign = 0;
      let streamError: Error | undefined;
      const failAll = (err: Error) => {
        streamError ??= err;
        probe?.fail(err);
      };
      const watchPath = `${collection}?watch=1&resourceVersion=${from}`;
      await createMany(scale.watchers, OPEN_CONCURRENCY, async (w) => {
        const body = h2Watches ? await h2Watches.open(watchPath) : await watchPool!.stream(watchPath);
        streams.push(body);
        /** The start of a line whose end has not arrived yet. */
        let partial: Buffer | undefined;
        // As little as possible between arrival and record: the time spent here is time
        // every later watcher waits, and would be charged to the server. So the raw bytes
        // are searched for the probe's name and kept; decoding and parsing wait until
        // everyone has the event.
        body.on('data', (chunk: Buffer) => {
          const t = nowMs();
          const buf = partial ? Buffer.concat([partial, chunk]) : chunk;
          partial = undefined;
          let start = 0;
          for (let nl = buf.indexOf(NEWLINE); nl >= 0; nl = buf.indexOf(NEWLINE, start)) {
            const p = probe;
            const at = p ? buf.indexOf(p.marker, start) : -1;
            const line = buf.subarray(start, nl);
            start = nl + 1;
            if (!p || at < 0 || at > nl) {
              foreign++;
              continue;
            }
            if (p.heard[w]) return failAll(new Error(`watcher ${w}: the same event twice: ${line.toString('utf8', 0, 200)}`));
            p.heard[w] = 1;
            p.arrivals[p.received] = t;
            p.lines[p.received] = line;
            if (++p.received === scale.watchers) p.done();
          }
          if (start < buf.length) partial = buf.subarray(start);
        });
        body.on('error', (err: Error) => failAll(new Error(`watcher ${w}: ${err.message}`)));
        body.on('end', () => failAll(new Error(`watcher ${w}: the server ended the watch`)));
      });

      const payload = configMapPayload();
      const warmup = scale.warmupPuts ?? 10;
      const issued = new Float64Array(scale.puts * scale.watchers);
      const resolved = new Float64Array(scale.puts * scale.watchers);
      const firsts = new Float64Array(scale.puts);
      const spans = new Float64Array(scale.puts);
      const createMs = new Float64Array(scale.puts);
      for (let k = 0; k < warmup + scale.puts; k++) {
        if (streamError) throw streamError;
        const name = configMapName(k);
        let p!: Probe;
        const delivered = new Promise<void>((resolve, reject) => {
          p = {
            marker: Buffer.from(`"name":"${name}"`),
            arrivals: new Float64Array(scale.watchers),
            lines: new Array<Buffer>(scale.watchers),
            heard: new Uint8Array(scale.watchers),
            received: 0,
            done: resolve,
            fail: reject,
          };
        });
        delivered.catch(() => {}); // handled by within(); a failure before then must not go unhandled
        probe = p;
        const issuedAt = nowMs();
        const r = await writer.request('POST', collection, configMapBody(name, payload));
        const resolvedAt = nowMs();
        if (r.status !== 201) throw new Error(`POST ${collection}: HTTP ${r.status}: ${r.body.toString('utf8').slice(0, 300)}`);
        const rv = (JSON.parse(r.body.toString('utf8')) as WatchEvent['object'])?.metadata?.resourceVersion;
        await within(delivered, DELIVERY_TIMEOUT_MS, () => `create ${k}: ${p.received}/${scale.watchers} watchers got the event`);
        probe = undefined;
        for (const line of p.lines) {
          const ev = JSON.parse(line.toString('utf8')) as WatchEvent;
          if (ev.type !== 'ADDED' || ev.object?.metadata?.name !== name || ev.object.metadata.resourceVersion !== rv) {
            throw new Error(`watcher got ${ev.type} ${ev.object?.metadata?.name}@${ev.object?.metadata?.resourceVersion}, expected ADDED ${name}@${rv}`);
          }
        }
        if (k < warmup) continue;
        const m = k - warmup;
        let first = Infinity;
        let last = -Infinity;
        for (let i = 0; i < scale.watchers; i++) {
          const t = p.arrivals[i]!;
          issued[m * scale.watchers + i] = t - issuedAt;
          resolved[m * scale.watchers + i] = t - resolvedAt;
          first = Math.min(first, t);
          last = Math.max(last, t);
        }
        firsts[m] = first - issuedAt;
        spans[m] = last - first;
        createMs[m] = resolvedAt - issuedAt;
      }

      const fromIssue = summarize(issued);
      const fromResolve = summarize(resolved);
      return {
        name: h2 ? 'api-watch' : 'api-watch-h1',
        title: h2
          ? `API watch delivery, ${scale.watchers.toLocaleString('en-US')} watches over one HTTP/2 connection, as client-go (POST → event)`
          : `API watch delivery, ${scale.watchers.toLocaleString('en-US')} HTTP/1.1 watch connections, one each (POST → event)`,
        figures: [
          figure('issuedP99Ms', 'issued→event p99', fromIssue.p99, 'ms'),
          figure('issuedP50Ms', 'issued→event p50', fromIssue.p50, 'ms'),
          figure('resolvedP50Ms', 'resolved→event p50', fromResolve.p50, 'ms'),
          figure('resolvedP99Ms', 'resolved→event p99', fromResolve.p99, 'ms'),
          figure('firstP50Ms', 'issued→first watcher p50', summarize(firsts).p50, 'ms'),
          figure('fanOutSpanP50Ms', 'first→last watcher p50', summarize(spans).p50, 'ms'),
          figure('createP50Ms', 'create issued→201 p50', summarize(createMs).p50, 'ms'),
        ],
        notes: [
          `${scale.puts} creates one at a time × ${scale.watchers} watchers = ${fromIssue.count.toLocaleString('en-US')} samples per clock, after ${warmup} unmeasured`,
          'issued→event: from just before the POST to the event chunk arriving (includes the request, group commit + fsync)',
          `all ${scale.watchers} streams are received by one process on one event loop; its receive cost is in the figures`,
        ],
        extra: { foreignEvents: foreign },
      };
    } finally {
      for (const s of streams) s.destroy();
      await watchPool?.close();
      h2Watches?.close();
      await writer.close();
      await daemon.stop();
    }
  } finally {
    dir.remove();
  }
}

function within(p: Promise<void>, ms: number, what: () => string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`API watch benchmark stalled: ${what()}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
