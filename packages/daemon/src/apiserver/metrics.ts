/**
 * /metrics in the Prometheus text format: request counts and latencies by verb, resource and
 * code (kube-apiserver's apiserver_request_total and apiserver_request_duration_seconds),
 * the store's revision and the number of open watches.
 */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export interface RequestLabels {
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  code: number;
}

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly durations = new Map<string, Histogram>();
  private watches = 0;
  private readonly series = new Map<string, { durations: string; byCode: Map<number, string> }>();

  constructor(private readonly gauges: { revision: () => number; storeWatchers: () => number }) {}

  observe(l: RequestLabels, seconds: number): void {
    // Label strings are built once per distinct series and looked up by a cheap raw key.
    const raw = `${l.verb}|${l.group}|${l.version}|${l.resource}|${l.subresource}`;
    let series = this.series.get(raw);
    if (!series) {
      const base = { verb: l.verb, group: l.group, version: l.version, resource: l.resource, subresource: l.subresource };
      series = { durations: labels(base), byCode: new Map() };
      this.series.set(raw, series);
    }
    let key = series.byCode.get(l.code);
    if (key === undefined) {
      key = `${series.durations},code="${l.code}"`;
      series.byCode.set(l.code, key);
    }
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const dkey = series.durations;
    let h = this.durations.get(dkey);
    if (!h) {
      h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.durations.set(dkey, h);
    }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  /** Watch requests open right now. */
  get openWatches(): number {
    return this.watches;
  }

  watchOpened(): void {
    this.watches++;
  }

  watchClosed(): void {
    this.watches--;
  }

  render(): string {
    const out: string[] = [];
    out.push('# HELP apiserver_request_total Counter of apiserver requests broken out for each verb, group, version, resource, subresource and HTTP response code.');
    out.push('# TYPE apiserver_request_total counter');
    for (const [k, v] of this.requests) out.push(`apiserver_request_total{${k}} ${v}`);
    out.push('# HELP apiserver_request_duration_seconds Response latency distribution in seconds for each verb, group, version, resource and subresource.');
    out.push('# TYPE apiserver_request_duration_seconds histogram');
    for (const [k, h] of this.durations) {
      BUCKETS.forEach((b, i) => out.push(`apiserver_request_duration_seconds_bucket{${k},le="${b}"} ${h.counts[i]}`));
      out.push(`apiserver_request_duration_seconds_bucket{${k},le="+Inf"} ${h.count}`);
      out.push(`apiserver_request_duration_seconds_sum{${k}} ${h.sum}`);
      out.push(`apiserver_request_duration_seconds_count{${k}} ${h.count}`);
    }
    out.push('# HELP apiserver_longrunning_requests Number of open watch requests.');
    out.push('# TYPE apiserver_longrunning_requests gauge');
    out.push(`apiserver_longrunning_requests{verb="WATCH"} ${this.watches}`);
    out.push('# HELP kubelab_store_revision The store\'s current revision (etcd_current_revision in etcd terms).');
    out.push('# TYPE kubelab_store_revision gauge');
    out.push(`kubelab_store_revision ${this.gauges.revision()}`);
    out.push('# HELP kubelab_store_watchers Watches open on the store.');
    out.push('# TYPE kubelab_store_watchers gauge');
    out.push(`kubelab_store_watchers ${this.gauges.storeWatchers()}`);
    return `${out.join('\n')}\n`;
  }
}

function labels(l: Record<string, string>): string {
  return Object.entries(l)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');
}
