import { Toxiproxy } from 'toxiproxy-node-client';
import type { ResiliencePolicy } from '../core/service-contract.js';
import type { Topology } from '../topology/model.js';
import { readLiveProxies } from '../topology/live-proxies.js';
import { enableProxy, removeToxic, type ControlApis, type PolicyReader } from './control-apis.js';
import { samePolicy } from './experiment/policy-override.js';

/**
 * The big red button: every toxic on every proxy removed, every disabled proxy enabled (through the
 * Toxiproxy API with the standard client, so it works on a real Toxiproxy too), every paused
 * service resumed and every stopped one started (the process control's restoreAll: the supervisor's
 * /restore, or Docker's unpause and start), and every service's resilience policy put back to what
 * the topology declares. Each step is tried even when another fails; the result lists what was done
 * and what could not be.
 */
export interface PanicResult {
  removed: string[];
  failed: string[];
}

export interface PanicOptions {
  /**
   * The system's control APIs, as a run gets them: `apis.processes` from findServiceHost
   * (process-control.ts), and policies reached at the addresses the supervisor lists (without a
   * supervisor no service has one, and policies are not checked).
   */
  apis: ControlApis & PolicyReader;
  topology: Topology;
}

export async function panic({ apis, topology }: PanicOptions): Promise<PanicResult> {
  const removed: string[] = [];
  const failed: string[] = [];
  const attempt = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
      removed.push(what);
    } catch (error) {
      failed.push(`${what}: ${(error as Error).message}`);
    }
  };

  const { toxiproxyUrl } = apis;
  const client = new Toxiproxy(toxiproxyUrl);
  let proxies: Awaited<ReturnType<typeof readLiveProxies>> = [];
  try {
    proxies = await readLiveProxies(toxiproxyUrl);
  } catch (error) {
    failed.push(`reading the proxies at ${toxiproxyUrl}: ${(error as Error).message}`);
  }
  for (const state of proxies) {
    for (const toxic of state.toxics) await attempt(`toxic ${toxic.name} on ${state.name}`, () => removeToxic(client, state.name, toxic.name));
    if (!state.enabled) await attempt(`outage of ${state.name} (proxy enabled again)`, () => enableProxy(client, state.name));
  }

  const { processes } = apis;
  if (processes) {
    // The words differ by what runs the services: a supervisor's services, or Docker's containers.
    const words = processes.kind === 'supervisor' ? { done: 'service resumed or started', through: `restoring services through ${processes.address}` } : { done: 'container unpaused or started', through: `restoring containers through ${processes.where}` };
    try {
      for (const name of await processes.restoreAll()) removed.push(`process fault on ${name} (${words.done})`);
    } catch (error) {
      failed.push(`${words.through}: ${(error as Error).message}`);
    }
  }

  // Policies: only where a service's live policy differs from the declared one, so a clean system reports nothing.
  for (const service of topology.services) {
    let live: Partial<Record<string, ResiliencePolicy>>;
    try {
      const read = await apis.livePolicies(service.name);
      if (read === undefined) continue; // no known address: its policies are not checked
      live = read;
    } catch {
      live = {}; // unreadable: every declared policy is put back, and a failing PUT says why
    }
    for (const dependency of service.dependencies) {
      const current = live[dependency.service];
      if (current !== undefined && samePolicy(current, dependency.policy)) continue;
      await attempt(`resilience policy of ${service.name} → ${dependency.service} (declared policy restored)`, () => apis.setPolicy(service.name, dependency.service, dependency.policy));
    }
  }
  return { removed, failed };
}
