import { readFile } from 'node:fs/promises';
import { parseDuration } from '../core/durations.js';
import { FaultlineError } from '../core/errors.js';
import type { ResiliencePolicy, ServiceName } from '../core/service-contract.js';
import { formatProblems, parseYamlWithSchema, type Problem } from '../core/yaml-document.js';
import type { DependencyModel, RestartPolicy, ServiceModel, Topology } from './model.js';
import { topologySchema } from './schema.js';

/** The shipped topology, relative to the package root. */
export const DEFAULT_TOPOLOGY_PATH = 'services/topology.yaml';

interface RawResilience {
  timeout?: string;
  retries?: { attempts: number; backoff?: string; maxBackoff?: string; budget?: number };
  circuitBreaker?: { failureRatio?: number; minimumRequests?: number; window?: string; halfOpenAfter?: string };
  bulkhead?: { limit: number; queue?: number };
  fallback?: boolean;
}

interface RawDependency {
  required?: boolean;
  proxy: { name: string; listen: string; upstream?: string };
  resilience?: RawResilience;
}

interface RawService {
  port?: number;
  host?: string;
  public?: boolean;
  restart?: RestartPolicy;
  dependencies?: Record<string, RawDependency>;
}

interface RawTopology {
  metadata?: { name?: string; description?: string };
  proxy?: { api?: string };
  supervisor?: { admin?: string };
  services: Record<string, RawService>;
}

export async function loadTopology(path: string): Promise<Topology> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FaultlineError('FAULTLINE_CONFIG_READ', `${path}: cannot read the topology: ${(error as Error).message}`, { file: path });
  }
  return parseTopology(text, path);
}

/**
 * Validate a topology file against its schema, then its meaning (dependencies that exist, no
 * cycles, no name or port declared twice), and build the model. Every problem is reported at once.
 */
export function parseTopology(text: string, file: string): Topology {
  const parsed = parseYamlWithSchema(text, topologySchema);
  if (parsed.problems.length > 0) throw invalid(file, parsed.problems);
  const raw = parsed.value as RawTopology;
  const problems: Problem[] = [];
  const report = (path: Array<string | number>, message: string) => problems.push({ path: path.join('.'), ...parsed.locate(path), message });

  const services: ServiceModel[] = Object.entries(raw.services).map(([name, service]) => ({
    name: name as ServiceName,
    host: service.host ?? '127.0.0.1',
    port: service.port ?? 0,
    public: service.public ?? false,
    restart: service.restart ?? 'on-failure',
    dependencies: Object.entries(service.dependencies ?? {}).map(([callee, dependency]) => toDependency(callee as ServiceName, dependency)),
  }));
  const names = new Set(services.map((s) => s.name));
  const proxyNames = new Map<string, string>();
  const addresses = new Map<string, string>();
  const claim = (address: string, path: Array<string | number>) => {
    if (address.endsWith(':0')) return;
    const owner = addresses.get(address);
    if (owner) report(path, `address ${address} is already used by ${owner}`);
    else addresses.set(address, path.join('.'));
  };
  const proxyApi = raw.proxy?.api ?? '127.0.0.1:8474';
  const supervisorAdmin = raw.supervisor?.admin ?? '127.0.0.1:8475';
  claim(proxyApi, ['proxy', 'api']);
  claim(supervisorAdmin, ['supervisor', 'admin']);
  for (const service of services) {
    claim(`${service.host}:${service.port}`, ['services', service.name, 'port']);
    for (const dependency of service.dependencies) {
      const at = ['services', service.name, 'dependencies', dependency.service];
      if (dependency.service === service.name) report(at, `${service.name} cannot depend on itself`);
      else if (!names.has(dependency.service) && !dependency.proxy.upstream) {
        report(at, `depends on ${dependency.service}, which is not declared under services (declare it, or give proxy.upstream)`);
      }
      const previous = proxyNames.get(dependency.proxy.name);
      if (previous) report([...at, 'proxy', 'name'], `proxy name "${dependency.proxy.name}" is already used by ${previous}`);
      else proxyNames.set(dependency.proxy.name, at.join('.'));
      claim(dependency.proxy.listen, [...at, 'proxy', 'listen']);
    }
  }
  const ordered = startOrder(services, (cycle) => report(['services', cycle[0] as string], `dependency cycle: ${cycle.join(' → ')}`));
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  if (problems.length > 0) throw invalid(file, problems);
  return { name: raw.metadata?.name ?? 'topology', ...(raw.metadata?.description ? { description: raw.metadata.description } : {}), proxyApi, supervisorAdmin, services: ordered };
}

function toDependency(service: ServiceName, raw: RawDependency): DependencyModel {
  return { service, required: raw.required ?? true, proxy: { ...raw.proxy }, policy: toPolicy(raw.resilience ?? {}) };
}

/** What a resilience pattern gets for the settings its YAML leaves out (policy faults start from these too). */
export const POLICY_DEFAULTS = {
  retry: { backoffMs: 25, maxBackoffMs: 1000, budget: 0.2 },
  circuitBreaker: { failureRatio: 0.5, minimumRequests: 10, windowMs: 10_000, halfOpenAfterMs: 5000 },
  bulkhead: { queue: 0 },
} as const;

function toPolicy(raw: RawResilience): ResiliencePolicy {
  const policy: ResiliencePolicy = {};
  if (raw.timeout !== undefined) policy.timeoutMs = parseDuration(raw.timeout);
  if (raw.retries) {
    policy.retries = {
      attempts: raw.retries.attempts,
      backoffMs: raw.retries.backoff !== undefined ? parseDuration(raw.retries.backoff) : POLICY_DEFAULTS.retry.backoffMs,
      maxBackoffMs: raw.retries.maxBackoff !== undefined ? parseDuration(raw.retries.maxBackoff) : POLICY_DEFAULTS.retry.maxBackoffMs,
      budget: raw.retries.budget ?? POLICY_DEFAULTS.retry.budget,
    };
  }
  if (raw.circuitBreaker) {
    policy.circuitBreaker = {
      failureRatio: raw.circuitBreaker.failureRatio ?? POLICY_DEFAULTS.circuitBreaker.failureRatio,
      minimumRequests: raw.circuitBreaker.minimumRequests ?? POLICY_DEFAULTS.circuitBreaker.minimumRequests,
      windowMs: raw.circuitBreaker.window !== undefined ? parseDuration(raw.circuitBreaker.window) : POLICY_DEFAULTS.circuitBreaker.windowMs,
      halfOpenAfterMs: raw.circuitBreaker.halfOpenAfter !== undefined ? parseDuration(raw.circuitBreaker.halfOpenAfter) : POLICY_DEFAULTS.circuitBreaker.halfOpenAfterMs,
    };
  }
  if (raw.bulkhead) policy.bulkhead = { limit: raw.bulkhead.limit, queue: raw.bulkhead.queue ?? POLICY_DEFAULTS.bulkhead.queue };
  if (raw.fallback !== undefined) policy.fallback = raw.fallback;
  return policy;
}

/** Dependencies first (Kahn's algorithm), keeping the file's order among equals. */
function startOrder(services: ServiceModel[], onCycle: (cycle: string[]) => void): ServiceModel[] {
  const byName = new Map(services.map((s) => [s.name as string, s]));
  const ordered: ServiceModel[] = [];
  const placed = new Set<string>();
  while (ordered.length < services.length) {
    const next = services.find((s) => !placed.has(s.name) && s.dependencies.every((d) => placed.has(d.service) || !byName.has(d.service)));
    if (!next) {
      onCycle(services.filter((s) => !placed.has(s.name)).map((s) => s.name));
      return services;
    }
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}

function invalid(file: string, problems: Problem[]): FaultlineError {
  return new FaultlineError('FAULTLINE_CONFIG_INVALID', `${file}: invalid topology:\n${formatProblems(file, problems)}`, { file, problems });
}
