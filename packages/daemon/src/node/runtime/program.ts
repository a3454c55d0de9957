/**
 * An image's own programs (nginx, redis-server, docker-entrypoint.sh …) as executables: the
 * steps the catalogue gives them (image-spec.ts Step), interpreted in order —
 *
 *   log / stderr   write lines (templated) to standard output or error
 *   sleep          wait on the clock (start-up time)
 *   listen         open a server's port: from now on probes and clients connect
 *   allocate       take memory; over the container's limit the kernel OOM-kills it
 *   cpu            keep that many CPUs busy (`stress --cpu N`), as `kubectl top` then shows
 *   exec           replace the process with another command ("$@": the program's arguments)
 *   exit           end with a status
 *   wait: forever  run until stopped
 *   when           a branch on the environment, the arguments or the filesystem
 *
 * A program that runs out of steps exits 0. SIGTERM runs `onTerm`, or is ignored
 * (`ignoreTerm`), or kills the program (143).
 */
import { resolvePath } from '../shell/fs.js';
import type { Executable, Proc } from '../shell/process.js';
import type { CatalogueImage } from './image-catalogue.js';
import type { Condition, ProgramSpec, Step } from './image-spec.js';
import { serverHandler, varsOf } from './server.js';
import { type TemplateContext, parseDuration, parsePort, parseSize, render } from './template.js';

class ProgramExit {
  constructor(readonly status: number) {}
}

export function programExecutable(name: string, spec: ProgramSpec, image: CatalogueImage): Executable {
  const run = async (proc: Proc, args: string[], steps: Step[]): Promise<number> => {
    try {
      await runSteps(steps, proc, args, image);
      return 0;
    } catch (err) {
      if (err instanceof ProgramExit) return err.status;
      throw err;
    }
  };
  const onTerm = spec.onTerm;
  return {
    name,
    run: (proc, args) => run(proc, args, spec.steps),
    onTerm: spec.ignoreTerm ? 'ignore' : onTerm ? (proc) => run(proc, [], onTerm) : 'default',
  };
}

async function runSteps(steps: Step[], proc: Proc, args: string[], image: CatalogueImage): Promise<void> {
  for (const step of steps) await runStep(step, proc, args, image);
}

function context(proc: Proc, args: readonly string[]): TemplateContext {
  return { vars: varsOf(proc), now: proc.host.now(), args };
}

function lines(v: string | string[]): string[] {
  return Array.isArray(v) ? v : [v];
}

async function runStep(step: Step, proc: Proc, args: string[], image: CatalogueImage): Promise<void> {
  if ('log' in step) {
    for (const l of lines(step.log)) proc.stdout.write(`${render(l, context(proc, args))}\n`);
  } else if ('stderr' in step) {
    for (const l of lines(step.stderr)) proc.stderr.write(`${render(l, context(proc, args))}\n`);
  } else if ('sleep' in step) {
    await proc.host.sleep(parseDuration(typeof step.sleep === 'string' ? render(step.sleep, context(proc, args)) : step.sleep));
  } else if ('listen' in step) {
    for (const ref of step.listen) {
      const serverName = typeof ref === 'string' ? ref : ref.server;
      const spec = image.spec.servers?.[serverName];
      if (!spec) throw new Error(`image ${image.repository}: program listens on unknown server "${serverName}"`);
      const ctx = context(proc, args);
      const wanted = typeof ref === 'string' || ref.port === undefined ? undefined : parsePort(render(String(ref.port), ctx));
      const port = wanted ?? parsePort(render(String(spec.port), ctx)) ?? 80;
      proc.host.listen(port, spec.protocol ?? 'TCP', serverHandler({ spec, proc, port, args, startedAt: proc.host.now() }));
    }
  } else if ('allocate' in step) {
    const v = typeof step.allocate === 'string' ? render(step.allocate, context(proc, args)) : step.allocate;
    if (v !== '') proc.host.allocate(parseSize(v));
  } else if ('cpu' in step) {
    const v = typeof step.cpu === 'string' ? render(step.cpu, context(proc, args)) : step.cpu;
    if (v !== '') proc.host.burnCpu(Number(v));
  } else if ('exec' in step) {
    const argv = render(step.exec, context(proc, args))
      .split(/\s+/)
      .filter(Boolean)
      .flatMap((w) => (w === '$@' ? args : [w]));
    if (argv.length === 0) throw new ProgramExit(0);
    const exe = proc.host.lookPath(argv[0]!);
    if (!exe) {
      proc.stderr.write(`${proc.name}: exec: ${argv[0]}: not found\n`);
      throw new ProgramExit(127);
    }
    if (proc.pid1) proc.host.replaceProcess(exe);
    throw new ProgramExit(await exe.run({ ...proc, name: argv[0]! }, argv.slice(1)));
  } else if ('exit' in step) {
    throw new ProgramExit(Number(typeof step.exit === 'string' ? render(step.exit, context(proc, args)) : step.exit));
  } else if ('wait' in step) {
    await proc.host.sleep(Number.POSITIVE_INFINITY);
  } else if ('when' in step) {
    const branch = (await holds(step.when, proc, args)) ? step.then : (step.else ?? []);
    await runSteps(branch, proc, args, image);
  }
}

async function holds(c: Condition, proc: Proc, args: string[]): Promise<boolean> {
  if (c.envMissing && !c.envMissing.every((n) => !proc.env.get(n))) return false;
  if (c.args) {
    if (c.args.length === 0 && args.length > 0) return false;
    if (!c.args.every((a, i) => args[i] === a)) return false;
  }
  const ctx = context(proc, args);
  if (c.fileExists !== undefined && !(await proc.host.fs.stat(resolvePath(proc.cwd, render(c.fileExists, ctx))))) return false;
  if (c.fileMissing !== undefined && (await proc.host.fs.stat(resolvePath(proc.cwd, render(c.fileMissing, ctx))))) return false;
  return true;
}
