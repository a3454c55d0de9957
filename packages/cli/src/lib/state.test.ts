import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseState, readState } from './state.js';

const written = {
  pid: 4242,
  port: 6443,
  server: 'https://127.0.0.1:6443',
  dataDir: '/home/u/.kubelab',
  startedAt: '2026-11-24T03:00:00.000Z',
  version: '0.1.0',
};

describe('the daemon state file', () => {
  it('is read back field by field as kubelabd writes it', () => {
    expect(parseState(`${JSON.stringify(written, null, 2)}\n`)).toEqual(written);
  });

  it('is ignored when it is half-written', () => {
    expect(parseState(JSON.stringify(written).slice(0, 40))).toBeUndefined();
  });

  it('is ignored when a field is missing or of the wrong type', () => {
    expect(parseState(JSON.stringify({ ...written, pid: '4242' }))).toBeUndefined();
    expect(parseState(JSON.stringify({ ...written, pid: 0 }))).toBeUndefined();
    expect(parseState(JSON.stringify({ ...written, server: undefined }))).toBeUndefined();
    expect(parseState(JSON.stringify({ ...written, startedAt: 'yesterday' }))).toBeUndefined();
    expect(parseState('null')).toBeUndefined();
  });

  it('is absent for a data directory that has none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-state-'));
    expect(readState(dir)).toBeUndefined();
    writeFileSync(join(dir, 'kubelabd.json'), JSON.stringify(written));
    expect(readState(dir)?.pid).toBe(4242);
  });
});
