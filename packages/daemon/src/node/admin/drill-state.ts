/**
 * What the node drills did, kept in the data directory (<data-dir>/node-drills.json) so that
 * the cluster's machines outlive a `kubelab down` / `kubelab up` as real machines outlive a
 * control-plane restart: a node that joined comes back (with its podCIDR and address, which
 * its Node keeps), a stopped kubelet stays stopped, a terminated machine stays gone — even a
 * worker-N that `--nodes` would otherwise start again.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NodeSpec } from '../kubelet/config.js';

export interface AddNodeRequest {
  name: string;
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: NodeSpec['taints'];
  runtime?: string;
}

export interface DrillState {
  /** Nodes `node add` made, as they were asked for. */
  added: Record<string, AddNodeRequest>;
  /** Nodes whose kubelet `node stop` stopped. */
  stopped: string[];
  /** Nodes whose machine `node remove` terminated. */
  removed: string[];
}

export const DRILL_STATE_FILE = 'node-drills.json';

export class DrillStateFile {
  readonly path: string | undefined;
  readonly state: DrillState = { added: {}, stopped: [], removed: [] };

  /** No data directory (tests, the node agent): the state lives in memory only. */
  constructor(dataDir: string | undefined) {
    this.path = dataDir ? join(dataDir, DRILL_STATE_FILE) : undefined;
    if (!this.path) return;
    try {
      const read = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<DrillState>;
      this.state.added = read.added ?? {};
      this.state.stopped = read.stopped ?? [];
      this.state.removed = read.removed ?? [];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') process.emitWarning(`kubelab: ignoring unreadable ${this.path}: ${(err as Error).message}`);
    }
  }

  added(request: AddNodeRequest): void {
    this.state.added[request.name] = request;
    this.forget(request.name, 'stopped', 'removed');
  }

  stopped(name: string): void {
    if (!this.state.stopped.includes(name)) this.state.stopped.push(name);
    this.save();
  }

  started(name: string): void {
    this.forget(name, 'stopped');
  }

  removed(name: string): void {
    delete this.state.added[name];
    this.forget(name, 'stopped');
    if (!this.state.removed.includes(name)) this.state.removed.push(name);
    this.save();
  }

  private forget(name: string, ...lists: Array<'stopped' | 'removed'>): void {
    for (const list of lists) this.state[list] = this.state[list].filter((n) => n !== name);
    this.save();
  }

  /** Written whole and renamed into place, so a crash leaves the old file or the new one. */
  private save(): void {
    if (!this.path) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const part = `${this.path}.part`;
    writeFileSync(part, `${JSON.stringify(this.state, null, 2)}\n`, { mode: 0o600 });
    renameSync(part, this.path);
  }
}
