import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    // Data-plane tests measure real timers on a 2-core machine: keep files from
    // starving each other, and give socket tests room on a loaded CI box.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
