import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Write a file to a temporary name in its folder (created if missing), fsync it, then rename it
 * into place: a rename within a folder is atomic, and the fsync puts the bytes on disk before the
 * new name points at them, so a crash or a full disk never leaves a half-written or empty file for
 * Prometheus, CI's diff or a reader to find: they see the old file or the whole new one. The
 * temporary name is hidden (`.name.<pid>.tmp`) and removed if anything fails.
 */
export function atomicWrite(path: string, text: string): void {
  const folder = dirname(resolve(path));
  mkdirSync(folder, { recursive: true });
  const temporary = join(folder, `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temporary, 'w');
    try {
      writeFileSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
