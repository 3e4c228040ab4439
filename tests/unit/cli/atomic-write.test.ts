import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { atomicWrite } from '../../../src/cli/atomic-write.js';

// Spies on the real functions: the order of fsync and rename is the point of atomicWrite.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, fsyncSync: vi.fn(actual.fsyncSync), renameSync: vi.fn(actual.renameSync) };
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.mocked(fs.fsyncSync).mockClear();
  vi.mocked(fs.renameSync).mockClear();
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-atomic-'));
  dirs.push(dir);
  return dir;
}

describe('atomicWrite (the one atomic writer of the CLI: journal --junit, run, start, slo, dashboards, postmortem)', () => {
  it('replaces a file through a temporary one, fsynced before the rename, and leaves nothing else behind', () => {
    const dir = tempDir();
    const path = join(dir, 'report.xml');
    writeFileSync(path, 'the previous report');
    atomicWrite(path, '<testsuites/>');
    expect(readFileSync(path, 'utf8')).toBe('<testsuites/>');
    expect(readdirSync(dir)).toEqual(['report.xml']);
    expect(fs.fsyncSync).toHaveBeenCalledTimes(1);
    expect(fs.renameSync).toHaveBeenCalledTimes(1);
    expect(vi.mocked(fs.fsyncSync).mock.invocationCallOrder[0]).toBeLessThan(vi.mocked(fs.renameSync).mock.invocationCallOrder[0] as number);
    const [from, to] = vi.mocked(fs.renameSync).mock.calls[0] as [string, string];
    expect(to).toBe(path);
    expect(from).toBe(join(dir, `.report.xml.${process.pid}.tmp`));
  });

  it('creates the folder it writes into', () => {
    const path = join(tempDir(), 'reports', 'nested', 'junit.xml');
    atomicWrite(path, 'x');
    expect(readFileSync(path, 'utf8')).toBe('x');
  });

  it('removes the temporary file and keeps the old one when the rename fails', () => {
    const dir = tempDir();
    const path = join(dir, 'taken');
    mkdirSync(path);
    writeFileSync(join(path, 'inside'), 'kept');
    expect(() => atomicWrite(path, 'new')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readFileSync(join(path, 'inside'), 'utf8')).toBe('kept');
  });
});
