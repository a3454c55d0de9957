/**
 * Whether the object the server keeps still says everything kubectl sent. The server may add
 * to it — uid, resourceVersion, creationTimestamp, defaults, admission's additions, status —
 * so what kubectl left null or empty may have been filled in; every value kubectl did send
 * must be there unchanged. Lists keep what was sent in order; admission may append to them
 * (the service account's token volume and its mounts). The status is the server's
 * (kube-apiserver resets it on create), so it is not compared.
 */
export function lostOrChanged(sent: unknown, kept: unknown, path = ''): string[] {
  if (sent === null || path === '.status') return [];
  if (Array.isArray(sent)) {
    if (!Array.isArray(kept)) return [`${path}: sent a list, kept ${JSON.stringify(kept)}`];
    if (kept.length < sent.length) return [`${path}: sent ${sent.length} items, kept ${kept.length}`];
    return sent.flatMap((item, i) => lostOrChanged(item, kept[i], `${path}[${i}]`));
  }
  if (typeof sent === 'object') {
    if (kept === null || typeof kept !== 'object' || Array.isArray(kept)) return [`${path}: sent an object, kept ${JSON.stringify(kept)}`];
    const k = kept as Record<string, unknown>;
    return Object.entries(sent as Record<string, unknown>).flatMap(([key, value]) => lostOrChanged(value, k[key], `${path}.${key}`));
  }
  return sent === kept ? [] : [`${path}: sent ${JSON.stringify(sent)}, kept ${JSON.stringify(kept)}`];
}
