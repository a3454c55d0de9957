import { describe, expect, it } from 'vitest';
import { parseArgv } from './argv.js';
import { Flags } from './flag.js';

const spec = {
  namespace: Flags.string({ char: 'n' }),
  output: Flags.string({ char: 'o' }),
  'all-namespaces': Flags.boolean({ char: 'A' }),
  watch: Flags.boolean({ char: 'w' }),
  'label-columns': Flags.string({ char: 'L', multiple: true, delimiter: ',' }),
  replicas: Flags.integer({ default: 1 }),
  wait: Flags.boolean({ default: true }),
  context: Flags.string({ env: 'KUBELAB_CONTEXT' }),
};

describe("the command line, read with pflag's rules as kubectl reads it", () => {
  it('takes flags anywhere among the arguments, in every spelling kubectl accepts', () => {
    const p = parseArgv(['pods', '-n', 'dev', '-owide', '--output=yaml', 'web', '-n=prod'], spec, {});
    expect(p.args).toEqual(['pods', 'web']);
    expect(p.flags['namespace']).toBe('prod');
    expect(p.flags['output']).toBe('yaml');
  });

  it('groups short booleans and lets a boolean be turned off with =false', () => {
    const p = parseArgv(['-Aw', '--wait=false'], spec, {});
    expect(p.flags).toMatchObject({ 'all-namespaces': true, watch: true, wait: false });
    expect(parseArgv(['-Aw=false'], spec, {}).flags['watch']).toBe(false);
  });

  it('splits slices on commas and keeps what follows -- apart', () => {
    const p = parseArgv(['-L', 'app,tier', '-L', 'zone', 'web', '--', 'sh', '-c', 'ls -l'], spec, {});
    expect(p.flags['label-columns']).toEqual(['app', 'tier', 'zone']);
    expect(p.args).toEqual(['web']);
    expect(p.afterDash).toEqual(['sh', '-c', 'ls -l']);
  });

  it('fills flags not given from their environment variable, then their default', () => {
    const p = parseArgv([], spec, { KUBELAB_CONTEXT: 'lab' });
    expect(p.flags).toMatchObject({ context: 'lab', replicas: 1, wait: true, watch: false, 'label-columns': [] });
    expect(p.given.has('context')).toBe(false);
  });

  it.each([
    [['--bogus'], 'unknown flag: --bogus'],
    [['-z'], "unknown shorthand flag: 'z' in -z"],
    [['-n'], "flag needs an argument: 'n' in -n"],
    [['--namespace'], 'flag needs an argument: --namespace'],
    [['--replicas=x'], 'invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax'],
    [['--watch=maybe'], 'invalid argument "maybe" for "-w, --watch" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
  ])('rejects %j in cobra\'s words', (argv, message) => {
    expect(() => parseArgv(argv, spec, {})).toThrow(message);
  });
});
