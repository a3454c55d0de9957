/**
 * Content negotiation as kube-apiserver does it for JSON clients: the Accept header may ask
 * for the object itself, a server-side printed Table (`application/json;as=Table;v=v1;
 * g=meta.k8s.io` — what kubectl get asks for), or only metadata
 * (`as=PartialObjectMetadata[List]` — what the garbage collector and `kubectl get -o name`
 * style clients use), or aggregated discovery.
 */
export type Representation = 'object' | 'table' | 'metadata' | 'discovery-v2';

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(accept: string | undefined): MediaRange[] {
  if (!accept) return [];
  return accept.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    const p: Record<string, string> = {};
    for (const kv of params) {
      const i = kv.indexOf('=');
      if (i > 0) p[kv.slice(0, i).trim()] = kv.slice(i + 1).trim();
    }
    return { type: type ?? '', params: p };
  });
}

/** The first representation in the client's order of preference that we can produce. */
export function negotiate(accept: string | undefined): Representation {
  const ranges = parseAccept(accept);
  for (const r of ranges) {
    if (r.type !== 'application/json' && r.type !== '*/*') continue;
    const as = r.params['as'];
    if (!as) return 'object';
    const g = r.params['g'];
    const v = r.params['v'];
    if (as === 'Table' && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) return 'table';
    if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && g === 'meta.k8s.io' && v === 'v1') return 'metadata';
    if (as === 'APIGroupDiscoveryList' && g === 'apidiscovery.k8s.io' && v === 'v2') return 'discovery-v2';
  }
  return 'object';
}
