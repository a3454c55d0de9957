import { describe, expect, it } from 'vitest';
import { STORE_REVISION, gauge } from './metrics.js';

const text = `# HELP apiserver_longrunning_requests Number of open watch requests.
# TYPE apiserver_longrunning_requests gauge
apiserver_longrunning_requests{verb="WATCH"} 2
# HELP kubelab_store_revision The store's current revision.
# TYPE kubelab_store_revision gauge
kubelab_store_revision 1234
`;

describe('gauges from /metrics', () => {
  it('reads the store revision', () => {
    expect(gauge(text, STORE_REVISION)).toBe(1234);
  });

  it('reads a labelled sample and ignores HELP and TYPE lines', () => {
    expect(gauge(text, 'apiserver_longrunning_requests')).toBe(2);
  });

  it('is undefined for a metric that is not there', () => {
    expect(gauge(text, 'kubelab_store_rev')).toBeUndefined();
  });
});
