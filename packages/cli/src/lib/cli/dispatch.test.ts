import { describe, expect, it } from 'vitest';
import { locateCommand, suggestions } from './dispatch.js';

const ids = new Set(['get', 'create', 'create:deployment', 'create:secret:generic', 'rollout:status', 'top:node', 'up', 'version']);

describe('finding the command in a command line', () => {
  it('takes the longest run of words that names a command, and leaves the rest to it', () => {
    expect(locateCommand(['create', 'secret', 'generic', 'db', '--from-literal=a=b'], ids)).toEqual({ id: 'create:secret:generic', help: false, rest: ['db', '--from-literal=a=b'] });
    expect(locateCommand(['create', '-f', 'x.yaml'], ids)).toMatchObject({ id: 'create', rest: ['-f', 'x.yaml'] });
    expect(locateCommand(['rollout', 'status', 'deploy/web'], ids)).toMatchObject({ id: 'rollout:status', rest: ['deploy/web'] });
  });

  it('skips global flags and their values before the command, as kubectl -n dev get pods', () => {
    expect(locateCommand(['-n', 'dev', 'get', 'pods'], ids)).toMatchObject({ id: 'get', rest: ['-n', 'dev', 'pods'] });
  });

  it('notices --help and -h, and names an unknown first word', () => {
    expect(locateCommand(['get', 'pods', '-h'], ids)).toMatchObject({ id: 'get', help: true });
    expect(locateCommand(['gett', 'pods'], ids)).toMatchObject({ unknown: 'gett' });
    expect(locateCommand(['help', 'create', 'deployment'], ids)).toMatchObject({ id: 'create:deployment', help: true });
  });

  it("suggests commands within two edits, as cobra's \"Did you mean this?\"", () => {
    expect(suggestions('gett', ids)).toEqual(['get']);
    expect(suggestions('upp', ids)).toEqual(['top', 'up']);
    expect(suggestions('zzzzz', ids)).toEqual([]);
  });
});
