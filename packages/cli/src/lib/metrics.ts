/** Reading single gauges out of the Prometheus text the API serves at /metrics. */

/** The value of an unlabelled (or first-labelled) sample of `name`, or undefined. */
export function gauge(metricsText: string, name: string): number | undefined {
  const re = new RegExp(`^${name}(?:\\{[^}]*\\})?\\s+(\\S+)`, 'm');
  const m = re.exec(metricsText);
  if (!m?.[1]) return undefined;
  const v = Number(m[1]);
  return Number.isFinite(v) ? v : undefined;
}

/** kubelabd's store revision: etcd_current_revision in etcd's terms. */
export const STORE_REVISION = 'kubelab_store_revision';
