/**
 * The CLI's start-up, as lab scripts feel it: wall time of one `kubelab get pods` process
 * against a running kubelabd, next to the real `kubectl get pods` on the same daemon, and
 * `kubelab version --client` next to `node -e 0` (what starting Node alone costs). Runs are
 * interleaved — kubelab, kubectl, kubelab, … — after unmeasured warm-ups, so a busy moment on
 * a shared machine lands on both sides; the ratio is the median of per-round ratios.
 * The CLI is spawned as a program (packages/cli/bin/run.js), never imported.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnDaemon } from './daemon-process.js';
import { type BenchResult, figure } from './result.js';
import { median, nowMs } from './stats.js';
import { tempDir } from './workload.js';

export const CLI_BIN = fileURLToPath(new URL('../../../cli/bin/run.js', import.meta.url));
const CLI_BUILT = fileURLToPath(new URL('../../../cli/dist/command-index.json', import.meta.url));

export interface CliStartupScale {
  runs: number;
  warmup: number;
  daemonNodeArgs?: readonly string[] | undefined;
}

export const CLI_STARTUP_SCALE: CliStartupScale = { runs: 15, warmup: 3 };

type Run = () => number;

function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Run {
  return () => {
    const t0 = nowMs();
    const r = spawnSync(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    const ms = nowMs() - t0;
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return ms;
  };
}

/** Runs each command `runs` times, interleaved, after `warmup` unmeasured rounds. */
function interleave(runs: Run[], scale: CliStartupScale): number[][] {
  const times = runs.map(() => [] as number[]);
  for (let i = 0; i < scale.warmup + scale.runs; i++) {
    runs.forEach((run, k) => {
      const ms = run();
      if (i >= scale.warmup) times[k]!.push(ms);
    });
  }
  return times;
}

function ratioOfRounds(a: number[], b: number[]): number {
  return median(a.map((x, i) => x / b[i]!));
}

export async function benchCliStartup(scale: CliStartupScale): Promise<BenchResult[]> {
  const title = 'CLI start-up: kubelab get pods vs kubectl get pods (one process each, same daemon)';
  if (!existsSync(CLI_BUILT)) return [{ name: 'cli-startup', title, figures: [], skipped: `the CLI is not built (${CLI_BUILT} is missing): npx turbo run build` }];
  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  const dir = tempDir('cli-startup');
  try {
    const daemon = await spawnDaemon({ dataDir: dir.path, nodeArgs: scale.daemonNodeArgs });
    try {
      const env = { ...process.env, KUBECONFIG: join(dir.path, 'kubeconfig'), NO_COLOR: '1' };
      const kubelabGet = timed(process.execPath, [CLI_BIN, 'get', 'pods'], env);
      const version = timed(process.execPath, [CLI_BIN, 'version', '--client'], env);
      const bareNode = timed(process.execPath, ['-e', '0'], env);
      const results: BenchResult[] = [];
      const [vers, node] = interleave([version, bareNode], scale);
      if (kubectl.status === 0) {
        const [ours, theirs] = interleave([kubelabGet, timed('kubectl', ['get', 'pods'], env)], scale);
        results.push({
          name: 'cli-startup',
          title,
          figures: [
            figure('ratio', 'kubelab / kubectl (median of rounds)', ratioOfRounds(ours!, theirs!), '×'),
            figure('kubelabMs', 'kubelab get pods, median', median(ours!), 'ms'),
            figure('kubectlMs', 'kubectl get pods, median', median(theirs!), 'ms'),
          ],
          notes: [`${scale.runs} interleaved runs each after ${scale.warmup} unmeasured; the daemon holds no pods ("No resources found")`],
          extra: { kubelabMs: ours, kubectlMs: theirs },
        });
      } else results.push({ name: 'cli-startup', title, figures: [], skipped: 'kubectl is not installed (it is the baseline)' });
      results.push({
        name: 'cli-version',
        title: 'CLI start-up without the API: kubelab version --client vs node -e 0',
        figures: [
          figure('overheadMs', 'kubelab over bare node (median of rounds)', median(vers!.map((x, i) => x - node![i]!)), 'ms'),
          figure('kubelabMs', 'kubelab version --client, median', median(vers!), 'ms'),
          figure('nodeMs', 'node -e 0, median', median(node!), 'ms'),
        ],
        notes: [`${scale.runs} interleaved runs each after ${scale.warmup} unmeasured`],
        extra: { kubelabMs: vers, nodeMs: node },
      });
      return results;
    } finally {
      await daemon.stop();
    }
  } finally {
    dir.remove();
  }
}
