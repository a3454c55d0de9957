import { describe, expect, it } from 'vitest';
import { parseResourceArgs } from './resource-args.js';

const names = (args: string[]) => parseResourceArgs(args).map((r) => `${r.rt.plural}${r.name ? `/${r.name}` : ''}`);

describe("resource arguments, as kubectl's resource builder reads them", () => {
  it('resolves short names, singulars, kinds and group-qualified names', () => {
    expect(names(['po'])).toEqual(['pods']);
    expect(names(['deployment.apps', 'web'])).toEqual(['deployments/web']);
    expect(names(['Deployment', 'web', 'api'])).toEqual(['deployments/web', 'deployments/api']);
  });

  it('takes comma lists, TYPE/NAME pairs and categories', () => {
    expect(names(['pods,svc', 'x'])).toEqual(['pods/x', 'services/x']);
    expect(names(['deploy/web', 'pod/p1'])).toEqual(['deployments/web', 'pods/p1']);
    expect(names(['all'])).toEqual(['pods', 'services', 'deployments', 'replicasets', 'daemonsets', 'statefulsets', 'jobs', 'cronjobs']);
  });

  it("fails in kubectl's words for an unknown type and for mixed forms", () => {
    expect(() => parseResourceArgs(['foo'])).toThrow('the server doesn\'t have a resource type "foo"');
    expect(() => parseResourceArgs(['pods', 'pod/x'])).toThrow('there is no need to specify a resource type as a separate argument');
  });
});
