/**
 * The shell as an executable (sh, ash, bash, dash all run it).
 */
import { resolvePath } from './fs.js';
import { Shell } from './interpreter.js';
import type { Executable } from './process.js';

/**
 * `sh` (and `ash`, `bash`, `dash`) as an executable: `sh -c SCRIPT [NAME [ARGS…]]`,
 * `sh FILE [ARGS…]`, or the script on standard input. Without a terminal and with nothing to
 * read, an interactive shell exits at once with status 0 — why `kubectl run --image=busybox`
 * without a command completes and then crash-loops.
 */
export const SHELL: Executable = {
  name: 'sh',
  onTerm: 'ignore',
  async run(proc, args) {
    let i = 0;
    let errexit = false;
    let command = false;
    for (; i < args.length && /^-[a-z]+$/.test(args[i]!); i++) {
      if (args[i]!.includes('e')) errexit = true;
      if (args[i]!.includes('c')) command = true;
    }
    const prefix = errexit ? 'set -e\n' : '';
    if (command) {
      const script = args[i];
      if (script === undefined) {
        proc.stderr.write(`${proc.name}: -c requires an argument\n`);
        return 2;
      }
      const shell = new Shell(proc, { name: args[i + 1] ?? proc.name, args: args.slice(i + 2) });
      return shell.runScript(prefix + script);
    }
    if (args[i] !== undefined) {
      const path = resolvePath(proc.cwd, args[i]!);
      let text: string;
      try {
        text = await proc.host.fs.readFile(path);
      } catch {
        proc.stderr.write(`${proc.name}: can't open '${args[i]}': No such file or directory\n`);
        return 2;
      }
      return new Shell(proc, { name: args[i]!, args: args.slice(i + 1) }).runScript(prefix + text.replace(/^#!.*\n/, ''));
    }
    return new Shell(proc, { name: proc.name, args: [] }).runScript(prefix + proc.stdin);
  },
};
