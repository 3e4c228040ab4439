import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { FaultlineError } from '../core/errors.js';

/**
 * Where the real Prometheus, Alertmanager and promtool are. Debian and Ubuntu ship Alertmanager as
 * `prometheus-alertmanager`; upstream tarballs and Homebrew call it `alertmanager`. An environment
 * variable names a binary outright (a path, or a name looked up on the PATH), for a build in an odd
 * place or a newer version beside the distribution's.
 */

export type PrometheusTool = 'prometheus' | 'alertmanager' | 'promtool';

export type PrometheusBinaries = Record<PrometheusTool, string>;

export const BINARY_ENV: Readonly<Record<PrometheusTool, string>> = {
  prometheus: 'FAULTLINE_PROMETHEUS',
  alertmanager: 'FAULTLINE_ALERTMANAGER',
  promtool: 'FAULTLINE_PROMTOOL',
};

const NAMES: Readonly<Record<PrometheusTool, readonly string[]>> = {
  prometheus: ['prometheus'],
  alertmanager: ['alertmanager', 'prometheus-alertmanager'],
  promtool: ['promtool'],
};

const TOOLS: readonly PrometheusTool[] = ['prometheus', 'alertmanager', 'promtool'];

type Env = Readonly<Record<string, string | undefined>>;

/** The binary's path, or undefined when neither its environment variable nor the PATH gives one. */
export function findBinary(tool: PrometheusTool, env: Env = process.env): string | undefined {
  const override = env[BINARY_ENV[tool]];
  if (override) return isPath(override) ? (isExecutable(override) ? override : undefined) : onPath(override, env);
  for (const name of NAMES[tool]) {
    const found = onPath(name, env);
    if (found) return found;
  }
  return undefined;
}

/** All three, or one FaultlineError naming every one that is missing and how to get it. */
export function locatePrometheusBinaries(env: Env = process.env): PrometheusBinaries {
  const found: Partial<PrometheusBinaries> = {};
  const missing: string[] = [];
  for (const tool of TOOLS) {
    const path = findBinary(tool, env);
    if (path) found[tool] = path;
    else missing.push(env[BINARY_ENV[tool]] ? `${tool} (${BINARY_ENV[tool]}=${env[BINARY_ENV[tool]]} is not an executable)` : `${tool} (looked for ${NAMES[tool].join(', ')} on the PATH; or set ${BINARY_ENV[tool]})`);
  }
  if (missing.length > 0) {
    throw new FaultlineError(
      'FAULTLINE_PROMETHEUS_MISSING',
      `cannot find ${missing.join('; ')}. Install Prometheus 2.42 or later and Alertmanager (Debian/Ubuntu: apt-get install prometheus prometheus-alertmanager), or leave out --prometheus`,
      { missing: TOOLS.filter((tool) => !found[tool]) },
    );
  }
  return found as PrometheusBinaries;
}

/**
 * Whether `faultline up` can run the Prometheus stack without being asked: all three binaries are
 * there. promtool counts: without the backfill it writes, tickets fire early (see backfill.ts), and
 * an automatic feature that misbehaves is worse than one that stays off.
 */
export function prometheusAvailable(env: Env = process.env): boolean {
  return TOOLS.every((tool) => findBinary(tool, env) !== undefined);
}

function isPath(candidate: string): boolean {
  return isAbsolute(candidate) || candidate.includes('/');
}

/** The first executable called `name` on the PATH. */
export function onPath(name: string, env: Env = process.env): string | undefined {
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
