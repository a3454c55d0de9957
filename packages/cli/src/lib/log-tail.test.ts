import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureReason, logSize, logTail } from './log-tail.js';

describe("the daemon log's tail", () => {
  it("shows only this start's lines, not an earlier run's", () => {
    const log = join(mkdtempSync(join(tmpdir(), 'kubelab-log-')), 'kubelabd.log');
    writeFileSync(log, 'kubelabd: port 6443 on 127.0.0.1 is already in use; choose another with --port\n');
    const offset = logSize(log);
    appendFileSync(log, 'kubelabd: serving the Kubernetes API at https://127.0.0.1:7443\n');
    expect(logTail(log, offset)).toEqual(['kubelabd: serving the Kubernetes API at https://127.0.0.1:7443']);
  });

  it('keeps the last lines when there are many', () => {
    const log = join(mkdtempSync(join(tmpdir(), 'kubelab-log-')), 'kubelabd.log');
    writeFileSync(log, Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n'));
    expect(logTail(log, 0, 3)).toEqual(['line 47', 'line 48', 'line 49']);
  });

  it("names kubelabd's own last error line as the reason", () => {
    const reason = failureReason([
      'kubelabd: kubelab: data directory /d is in use by another kubelabd (pid 7); stop it first (kubelab down) or choose another --data-dir',
      '    at something (file.js:1:1)',
    ]);
    expect(reason).toBe('data directory /d is in use by another kubelabd (pid 7); stop it first (kubelab down) or choose another --data-dir');
    expect(failureReason(['Segmentation fault'])).toBeUndefined();
  });
});
