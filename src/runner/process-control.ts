import { Agent, request } from 'undici';
import type { Topology } from '../topology/model.js';

/**
 * Process faults — kill, pause, restart a service — against whatever runs the services: Faultline's
 * supervisor (the embedded system, `faultline up`), or a Docker engine running them as containers (a
 * docker-compose stack), chosen by what the target is. The runner, preflight and panic see one
 * interface; only the supervisor offers pause leases and a pause guard, which a container pause
 * lacks (the rollback and `faultline panic` unpause it).
 */
export type ProcessAction = 'kill' | 'pause' | 'resume' | 'restart';

/** A fault's expiry, renewed by its holder (a run) while it lives. */
export interface Lease {
  ttlMs: number;
  holder: string;
}

export interface ServiceProcessState {
  name: string;
  /** running, paused, stopped or crashed (the supervisor's words; a container's state is mapped to them). */
  state: string;
}

export interface ProcessControl {
  kind: 'supervisor' | 'docker';
  /** Where, in words, for messages: "the supervisor at http://…", "Docker containers of project shop". */
  where: string;
  /** The API itself: the supervisor's URL, or the Docker engine's socket path. */
  address: string;
  /** Whether a pause can carry a lease (expiring by itself if the runner dies). */
  leases: boolean;
  services(): Promise<ServiceProcessState[]>;
  /** `resume` of a service that is not paused is not an error (a rollback may race a lease). */
  act(service: string, action: ProcessAction, lease?: Lease): Promise<void>;
  /** Resume every paused service and start every stopped one; the names restored. */
  restoreAll(): Promise<string[]>;
  renewLeases(holder: string, ttlMs: number): Promise<void>;
}

const TIMEOUT_MS = 30_000;

/** A service as the supervisor lists it (`GET /services`): where it listens, and whether it is the public one. */
export interface SupervisedService extends ServiceProcessState {
  url: string;
  public: boolean;
}

async function listSupervised(supervisorUrl: string, timeoutMs: number): Promise<SupervisedService[]> {
  const response = await fetch(`${supervisorUrl}/services`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${supervisorUrl}/services answered ${response.status}`);
  return ((await response.json()) as { services: SupervisedService[] }).services;
}

export function supervisorProcessControl(supervisorUrl: string): ProcessControl {
  const post = async (path: string, body?: unknown, tolerate: readonly number[] = []) => {
    const response = await fetch(`${supervisorUrl}${path}`, {
      method: 'POST',
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok && !tolerate.includes(response.status)) throw new Error(`POST ${supervisorUrl}${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  return {
    kind: 'supervisor',
    where: `the supervisor at ${supervisorUrl}`,
    address: supervisorUrl,
    leases: true,
    services: async () => (await listSupervised(supervisorUrl, 5000)).map(({ name, state }) => ({ name, state })),
    act: async (service, action, lease) => {
      await post(`/services/${service}/${action}`, action === 'pause' && lease ? { ttl_ms: lease.ttlMs, holder: lease.holder } : undefined, action === 'resume' ? [409] : []);
    },
    restoreAll: async () => ((await post('/restore')) as { restored: string[] }).restored,
    renewLeases: async (holder, ttlMs) => void (await post('/leases/renew', { holder, ttl_ms: ttlMs })),
  };
}

const DOCKER_SOCKET = '/var/run/docker.sock';

/** The label that names the service a container runs: Faultline's own, or docker-compose's. */
export const SERVICE_LABELS = ['dev.faultline.service', 'com.docker.compose.service'] as const;

interface Container {
  Id: string;
  State: string;
  Labels: Record<string, string>;
}

/**
 * The Docker Engine API over its unix socket (no network involved): containers are found by label,
 * optionally within one compose project, and each action is the engine's own (SIGKILL, the cgroup
 * freezer, restart with a short grace).
 */
export function dockerProcessControl(options: { socketPath?: string; project?: string } = {}): ProcessControl {
  const socketPath = options.socketPath ?? DOCKER_SOCKET;
  // One connection per call, closed after it: nothing lingers to keep a finished CLI alive.
  const call = async (method: 'GET' | 'POST', path: string, tolerate: readonly number[] = []) => {
    const agent = new Agent({ connect: { socketPath } });
    try {
      const response = await request(`http://docker/v1.41${path}`, { method, dispatcher: agent, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
      const text = await response.body.text();
      if (response.statusCode >= 300 && !tolerate.includes(response.statusCode)) throw new Error(`Docker ${method} ${path} answered ${response.statusCode}: ${text.slice(0, 300)}`);
      return text ? (JSON.parse(text) as unknown) : undefined;
    } finally {
      await agent.close();
    }
  };
  const containers = async (): Promise<Array<Container & { service: string }>> => {
    const all = (await call('GET', '/containers/json?all=1')) as Container[];
    return all.flatMap((container) => {
      const service = SERVICE_LABELS.map((label) => container.Labels[label]).find((name) => name !== undefined);
      if (!service) return [];
      if (options.project && container.Labels['com.docker.compose.project'] !== options.project) return [];
      return [{ ...container, service }];
    });
  };
  const containerOf = async (service: string) => {
    const found = (await containers()).find((c) => c.service === service);
    if (!found) throw new Error(`no container runs service ${service} (looked for the label ${SERVICE_LABELS.join(' or ')})`);
    return found;
  };
  const state = (docker: string) => (docker === 'running' ? 'running' : docker === 'paused' ? 'paused' : docker === 'restarting' || docker === 'created' ? 'starting' : 'stopped');
  return {
    kind: 'docker',
    where: `Docker containers${options.project ? ` of project ${options.project}` : ''} (${socketPath})`,
    address: socketPath,
    leases: false,
    services: async () => (await containers()).map((c) => ({ name: c.service, state: state(c.State) })),
    act: async (service, action) => {
      const { Id, State } = await containerOf(service);
      if (action === 'kill') await call('POST', `/containers/${Id}/kill?signal=KILL`);
      else if (action === 'pause') await call('POST', `/containers/${Id}/pause`);
      else if (action === 'resume') {
        if (State === 'paused') await call('POST', `/containers/${Id}/unpause`, [409]);
      } else if (State === 'running' || State === 'paused') {
        if (State === 'paused') await call('POST', `/containers/${Id}/unpause`, [409]);
        await call('POST', `/containers/${Id}/restart?t=5`);
      } else await call('POST', `/containers/${Id}/start`, [304]);
    },
    restoreAll: async () => {
      const restored: string[] = [];
      for (const container of await containers()) {
        if (container.State === 'paused') await call('POST', `/containers/${container.Id}/unpause`, [409]);
        else if (container.State !== 'running') await call('POST', `/containers/${container.Id}/start`, [304]);
        else continue;
        restored.push(container.service);
      }
      return restored;
    },
    renewLeases: async () => {},
  };
}

/** Whether a Docker engine answers on the socket (a run chooses it when no supervisor does). */
export async function dockerAnswers(socketPath = DOCKER_SOCKET): Promise<boolean> {
  const agent = new Agent({ connect: { socketPath } });
  try {
    const response = await request('http://docker/_ping', { dispatcher: agent, headersTimeout: 2000, bodyTimeout: 2000 });
    await response.body.text();
    return response.statusCode === 200;
  } catch {
    return false;
  } finally {
    await agent.close();
  }
}

/** Who runs a topology's services, as a run against a running system and `faultline panic` both see it. */
export interface ServiceHost {
  /** The supervisor's process control, or the Docker engine's; undefined when neither runs the services. */
  processes: ProcessControl | undefined;
  /** The services as the supervisor lists them (where each listens); undefined when no supervisor answers. */
  supervised: SupervisedService[] | undefined;
  /** When processes is undefined, why, in words: "no Docker engine runs here", or that it runs none of the services. */
  reason?: string;
}

/**
 * The one rule for supervisor or Docker: the supervisor when `GET {supervisorUrl}/services` answers
 * within 2 s; otherwise a Docker engine on the socket that runs at least one of the topology's
 * services as a labelled container (running or not), so an engine busy with other projects is
 * never chosen; otherwise neither. The Docker engine is not consulted when the supervisor answers.
 */
export async function findServiceHost(topology: Topology, supervisorUrl: string, options: { socketPath?: string } = {}): Promise<ServiceHost> {
  const supervised = await listSupervised(supervisorUrl, 2000).catch(() => undefined);
  if (supervised) return { processes: supervisorProcessControl(supervisorUrl), supervised };
  const socketPath = options.socketPath ?? DOCKER_SOCKET;
  if (!(await dockerAnswers(socketPath))) return { processes: undefined, supervised: undefined, reason: 'no Docker engine runs here' };
  const docker = dockerProcessControl({ socketPath });
  const names = new Set<string>(topology.services.map((s) => s.name));
  const containers = await docker.services().catch(() => []);
  if (containers.some((c) => names.has(c.name))) return { processes: docker, supervised: undefined };
  return { processes: undefined, supervised: undefined, reason: "the Docker engine here runs none of the topology's services" };
}
