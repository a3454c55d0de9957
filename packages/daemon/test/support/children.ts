/**
 * Child processes that run the store for tests which need a second process: a writer to
 * SIGKILL, a holder of the data directory.
 *
 * Children run the current source, not dist/ (which may predate the last edit when a test is
 * run on its own): the child scripts and the sources they import are transpiled once per test
 * file into a directory inside packages/daemon/node_modules/.cache, laid out like the package,
 * so `@kubelab/core` (core's dist/) and better-sqlite3 resolve exactly as they do for dist/.
 * Transpiling file by file is sound because the project compiles with isolatedModules.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ChildBuild {
  /** Starts `test/support/children/<name>.ts` with args; stdout and stderr are piped. */
  spawn(name: string, args: string[]): RunningChild;
  remove(): void;
}

export function buildChildren(): ChildBuild {
  const cache = join(PACKAGE_DIR, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, 'kubelab-children-'));
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
  const scripts = join(PACKAGE_DIR, 'test', 'support', 'children');
  const pending = readdirSync(scripts)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(scripts, f));
  // Only what the scripts import, following relative imports (`./x.js` is the source `./x.ts`).
  const done = new Set<string>();
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (done.has(file)) continue;
    done.add(file);
    const source = readFileSync(file, 'utf8');
    for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
      if (fileName.startsWith('.')) pending.push(resolve(dirname(file), fileName.replace(/\.js$/, '.ts')));
    }
    const js = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: {
        // ESNext, not NodeNext: transpileModule cannot see package.json's "type" and would emit CommonJS.
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    const target = join(out, relative(PACKAGE_DIR, file).replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js.outputText);
  }
  return {
    spawn: (name, args) =>
      new RunningChild(
        spawn(process.execPath, [join(out, 'test', 'support', 'children', `${name}.js`), ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      ),
    remove: () => rmSync(out, { recursive: true, force: true }),
  };
}

/** A child whose stdout is read as whole lines (a line cut short by SIGKILL is not one). */
export class RunningChild {
  readonly lines: string[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private partial = '';
  private closed = false;
  private waiters: Array<() => void> = [];

  constructor(readonly process: ChildProcess) {
    process.stdout!.setEncoding('utf8');
    process.stdout!.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop()!;
      this.lines.push(...parts);
      this.wake();
    });
    process.stderr!.setEncoding('utf8');
    process.stderr!.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => {
      process.on('close', (code, signal) => {
        this.closed = true;
        this.wake();
        resolve({ code, signal });
      });
    });
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** Resolves with the first line matching, or rejects when the child ends without one. */
  async line(match: (line: string) => boolean): Promise<string> {
    for (;;) {
      const found = this.lines.find(match);
      if (found !== undefined) return found;
      if (this.closed) {
        throw new Error(`child ${this.pid} ended without the expected line; stderr:\n${this.stderr}`);
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** SIGKILLs the child and waits until it is gone (its OS locks with it). */
  async kill(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    await this.exited;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
