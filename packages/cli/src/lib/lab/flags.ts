/** The flags and the argument every `kubelab lab` command takes: which kubelab (data directory), which labs, which lab. */
import { Args } from '../cli/args.js';
import { Flags } from '../cli/flag.js';
import { resolveDataDir } from '../data-dir.js';
import { KubelabError } from '../errors.js';
import { dataDirFlags } from '../../flags.js';
import { type Lab, findLab } from './catalogue.js';
import { LABS_ENV, resolveLabsDir } from './labs-dir.js';
import type { LabContext } from './script.js';

export const labsDirFlags = {
  'labs-dir': Flags.string({
    description: "Directory of lab exercises, one subdirectory per lab (default: the kubelab repository's fixtures/labs).",
    env: LABS_ENV,
    helpValue: 'DIR',
  }),
};

export const labFlags = { ...dataDirFlags, ...labsDirFlags };

/** The one lab name start, check and solve take; cobra's words when there is not exactly one. */
export function oneLabName(args: readonly string[]): string {
  if (args.length !== 1) throw new KubelabError(`accepts 1 arg(s), received ${args.length}`, 1, 'Error: ');
  return args[0]!;
}

/** The lab argument of start, check and solve. */
export const labArgs = { name: Args.string({ description: 'The lab (kubelab lab list shows them).', required: true }) };

/** The lab a command names and the kubelab it runs on, from its parsed flags and arguments. */
export function labTarget(parsed: { flags: { 'data-dir'?: string | undefined; 'labs-dir'?: string | undefined }; argv: string[] }): { lab: Lab; ctx: LabContext } {
  const lab = findLab(resolveLabsDir(parsed.flags['labs-dir']), oneLabName(parsed.argv));
  return { lab, ctx: { dataDir: resolveDataDir(parsed.flags['data-dir']), cliPath: process.argv[1] } };
}
