import { spawnSync } from 'node:child_process';

/**
 * Find an optional binary (promtool, prometheus, chromium, docker). On a laptop without it the
 * tests that need it skip and say why; in CI (`FAULTLINE_REQUIRE_ALL=1`, set by .ci/run) they run
 * anyway and fail loudly, so CI can never pass by skipping.
 */
export function optionalBinary(name: string, install: string): { path: string | undefined; skip: boolean } {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.status === 0 ? found.stdout.trim() : undefined;
  const required = process.env.FAULTLINE_REQUIRE_ALL === '1';
  if (!path && !required) process.stderr.write(`skipping tests that need ${name}: not on PATH (${install}); CI sets FAULTLINE_REQUIRE_ALL=1 to make them mandatory\n`);
  return { path, skip: !path && !required };
}
