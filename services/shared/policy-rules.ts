import type { ResiliencePolicy } from '../../src/core/service-contract.js';

/**
 * What a valid ResiliencePolicy is, said once. Two checkers read these rules: the JSON schema that
 * Fastify applies to PUT /admin/policies/:peer, and the hand validator that checks the runtime
 * config a service is started with (before any Fastify exists). Deriving both from one table keeps
 * them from drifting apart; tests/services/policy-rules.test.ts runs both over the same cases.
 */
interface NumberRule {
  type: 'integer' | 'number';
  minimum: number;
  maximum: number;
  /** The minimum itself is not allowed (a failure ratio of 0 would open on every call). */
  exclusiveMinimum?: boolean;
}

type SectionRules = Record<string, NumberRule>;

const int = (minimum: number, maximum: number): NumberRule => ({ type: 'integer', minimum, maximum });

const SECTIONS: Record<'retries' | 'circuitBreaker' | 'bulkhead', SectionRules> = {
  retries: {
    attempts: int(0, 10),
    backoffMs: int(0, 60_000),
    maxBackoffMs: int(0, 600_000),
    // Above 1 a budget allows more retries than requests: useful to stage a retry storm on purpose.
    budget: { type: 'number', minimum: 0, maximum: 10 },
  },
  circuitBreaker: {
    failureRatio: { type: 'number', minimum: 0, maximum: 1, exclusiveMinimum: true },
    minimumRequests: int(1, 1_000_000),
    // cockatiel samples in at least 5 buckets; under 100 ms they would round to nothing.
    windowMs: int(100, 3_600_000),
    halfOpenAfterMs: int(1, 3_600_000),
  },
  bulkhead: { limit: int(1, 100_000), queue: int(0, 1_000_000) },
};

const TIMEOUT_RULE = int(1, 600_000);

function numberSchema(rule: NumberRule): Record<string, unknown> {
  const bound = rule.exclusiveMinimum ? { exclusiveMinimum: rule.minimum } : { minimum: rule.minimum };
  return { type: rule.type, ...bound, maximum: rule.maximum };
}

function sectionSchema(rules: SectionRules): Record<string, unknown> {
  const properties = Object.fromEntries(Object.entries(rules).map(([name, rule]) => [name, numberSchema(rule)]));
  return { type: 'object', additionalProperties: false, required: Object.keys(rules), properties };
}

/** The JSON schema of a ResiliencePolicy (a missing section means that pattern is off). */
export const resiliencePolicySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    timeoutMs: numberSchema(TIMEOUT_RULE),
    retries: sectionSchema(SECTIONS.retries),
    circuitBreaker: sectionSchema(SECTIONS.circuitBreaker),
    bulkhead: sectionSchema(SECTIONS.bulkhead),
    fallback: { type: 'boolean' },
  },
} as const;

function checkNumber(value: unknown, rule: NumberRule, path: string): string[] {
  if (typeof value !== 'number' || !Number.isFinite(value)) return [`${path} must be a number`];
  if (rule.type === 'integer' && !Number.isInteger(value)) return [`${path} must be an integer`];
  if (rule.exclusiveMinimum ? value <= rule.minimum : value < rule.minimum) return [`${path} must be ${rule.exclusiveMinimum ? '>' : '>='} ${rule.minimum}`];
  if (value > rule.maximum) return [`${path} must be <= ${rule.maximum}`];
  return [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkSection(value: unknown, rules: SectionRules, path: string): string[] {
  if (!isObject(value)) return [`${path} must be an object`];
  const problems = Object.keys(value).filter((key) => !(key in rules)).map((key) => `${path}.${key} is not a known field`);
  for (const [name, rule] of Object.entries(rules)) {
    if (!(name in value)) problems.push(`${path}.${name} is required`);
    else problems.push(...checkNumber(value[name], rule, `${path}.${name}`));
  }
  return problems;
}

/** Every problem with `value` as a ResiliencePolicy, each naming its path; empty when valid. */
export function policyProblems(value: unknown, path: string): string[] {
  if (!isObject(value)) return [`${path} must be an object`];
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (key === 'timeoutMs') problems.push(...checkNumber(value.timeoutMs, TIMEOUT_RULE, `${path}.timeoutMs`));
    else if (key === 'fallback') {
      if (typeof value.fallback !== 'boolean') problems.push(`${path}.fallback must be a boolean`);
    } else if (key === 'retries' || key === 'circuitBreaker' || key === 'bulkhead') problems.push(...checkSection(value[key], SECTIONS[key], `${path}.${key}`));
    else problems.push(`${path}.${key} is not a known field`);
  }
  return problems;
}

/** Narrowing wrapper for callers that already collected the problems. */
export function isResiliencePolicy(value: unknown): value is ResiliencePolicy {
  return policyProblems(value, 'policy').length === 0;
}
