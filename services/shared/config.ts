import { SERVICE_CONFIG_ENV, SERVICE_NAMES, type ServiceName, type ServiceRuntimeConfig } from '../../src/core/service-contract.js';
import { policyProblems } from './policy-rules.js';

/**
 * Reading the runtime config the supervisor hands a service in $FAULTLINE_SERVICE_CONFIG. Every
 * problem is collected with its path (DESIGN habit 1), so a broken topology is fixed in one pass
 * instead of one restart per typo.
 */
export type ConfigResult = { ok: true; config: ServiceRuntimeConfig } | { ok: false; problems: string[] };

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isServiceName(value: unknown): value is ServiceName {
  return typeof value === 'string' && (SERVICE_NAMES as readonly string[]).includes(value);
}

function urlProblems(value: unknown, path: string): string[] {
  if (typeof value !== 'string') return [`${path} must be a string`];
  try {
    const url = new URL(value);
    return url.protocol === 'http:' ? [] : [`${path} must be an http:// URL`];
  } catch {
    return [`${path} is not a valid URL: ${JSON.stringify(value)}`];
  }
}

function dependencyProblems(value: unknown, path: string): string[] {
  if (!isObject(value)) return [`${path} must be an object`];
  const problems = urlProblems(value.url, `${path}.url`);
  if (typeof value.required !== 'boolean') problems.push(`${path}.required must be a boolean`);
  problems.push(...policyProblems(value.policy, `${path}.policy`));
  return problems;
}

/** Every problem with `value` as a ServiceRuntimeConfig; empty when it is one. */
export function serviceConfigProblems(value: unknown): string[] {
  if (!isObject(value)) return ['config must be a JSON object'];
  const problems: string[] = [];
  if (!isServiceName(value.name)) problems.push(`name must be one of ${SERVICE_NAMES.join(', ')}`);
  if (typeof value.host !== 'string' || value.host === '') problems.push('host must be a non-empty string');
  if (!Number.isInteger(value.port) || (value.port as number) < 0 || (value.port as number) > 65535) problems.push('port must be an integer from 0 to 65535');
  if (!Number.isInteger(value.seed)) problems.push('seed must be an integer');
  if (value.dataDir !== undefined && (typeof value.dataDir !== 'string' || value.dataDir === '')) problems.push('dataDir must be a non-empty string when given');
  if (value.logLevel !== undefined && !LOG_LEVELS.includes(value.logLevel as string)) problems.push(`logLevel must be one of ${LOG_LEVELS.join(', ')}`);
  if (!isObject(value.dependencies)) {
    problems.push('dependencies must be an object');
  } else {
    for (const [peer, dependency] of Object.entries(value.dependencies)) {
      if (!isServiceName(peer)) problems.push(`dependencies.${peer} is not a service name`);
      else if (peer === value.name) problems.push(`dependencies.${peer}: a service cannot depend on itself`);
      problems.push(...dependencyProblems(dependency, `dependencies.${peer}`));
    }
  }
  return problems;
}

/** Parse and validate the config from the environment (default: this process's). */
export function readServiceConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const raw = env[SERVICE_CONFIG_ENV];
  if (raw === undefined || raw.trim() === '') return { ok: false, problems: [`${SERVICE_CONFIG_ENV} is not set`] };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, problems: [`${SERVICE_CONFIG_ENV} is not valid JSON: ${(error as Error).message}`] };
  }
  const problems = serviceConfigProblems(value);
  return problems.length === 0 ? { ok: true, config: value as ServiceRuntimeConfig } : { ok: false, problems };
}
