import { Toxiproxy } from 'toxiproxy-node-client';
import type { Topology } from '../topology/model.js';
import type { ProcessControl } from './process-control.js';
import { readLiveProxies } from '../topology/live-proxies.js';

/**
 * The big red button: every toxic on every proxy removed, every disabled proxy enabled (through the
 * Toxiproxy API with the standard client, so it works on a real Toxiproxy too), every paused
 * service resumed and every stopped one started (the supervisor's /restore), and every service's
 * resilience policy put back to what the topology declares. Each step is tried even when another
 * fails; the result lists what was done and what could not be.
 */
export interface PanicResult {
  removed: string[];
  failed: string[];
}

export async function panic(options: { toxiproxyUrl: string; supervisorUrl?: string; topology: Topology; containers?: ProcessControl }): Promise<PanicResult> {
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

  const client = new Toxiproxy(options.toxiproxyUrl);
  let proxies: Awaited<ReturnType<typeof readLiveProxies>> = [];
  try {
    proxies = await readLiveProxies(options.toxiproxyUrl);
  } catch (error) {
    failed.push(`reading the proxies at ${options.toxiproxyUrl}: ${(error as Error).message}`);
  }
  for (const state of proxies) {
    for (const toxic of state.toxics) {
      await attempt(`toxic ${toxic.name} on ${state.name}`, async () => {
        const proxy = await client.get(state.name);
        await (await proxy.getToxic(toxic.name)).remove();
      });
    }
    if (!state.enabled) {
      await attempt(`outage of ${state.name} (proxy enabled again)`, async () => {
        const proxy = await client.get(state.name);
        await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
      });
    }
  }

  // Services run as containers (a compose stack, no supervisor): unpause and start them through Docker.
  if (options.containers) {
    try {
      for (const name of await options.containers.restoreAll()) removed.push(`process fault on ${name} (container unpaused or started)`);
    } catch (error) {
      failed.push(`restoring containers through ${options.containers.where}: ${(error as Error).message}`);
    }
  }

  const { supervisorUrl } = options;
  let services: Array<{ name: string; url: string }> = [];
  if (supervisorUrl) {
    try {
      const response = await fetch(`${supervisorUrl}/restore`, { method: 'POST', signal: AbortSignal.timeout(30_000) });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      const { restored } = (await response.json()) as { restored: string[] };
      for (const name of restored) removed.push(`process fault on ${name} (service resumed or started)`);
      services = ((await (await fetch(`${supervisorUrl}/services`, { signal: AbortSignal.timeout(5000) })).json()) as { services: Array<{ name: string; url: string }> }).services;
    } catch (error) {
      failed.push(`restoring services through ${supervisorUrl}: ${(error as Error).message}`);
    }
  }
  // Policies: only where a service's live policy differs from the declared one, so a clean system reports nothing.
  for (const service of options.topology.services) {
    const url = services.find((s) => s.name === service.name)?.url;
    if (!url) continue;
    const live = await fetch(`${url}/admin/policies`, { signal: AbortSignal.timeout(5000) })
      .then((r) => r.json() as Promise<Record<string, unknown>>)
      .catch(() => undefined);
    for (const dependency of service.dependencies) {
      const current = live?.[dependency.service];
      if (current !== undefined && canonical(current) === canonical(dependency.policy)) continue;
      await attempt(`resilience policy of ${service.name} → ${dependency.service} (declared policy restored)`, async () => {
        const response = await fetch(`${url}/admin/policies/${dependency.service}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(dependency.policy), signal: AbortSignal.timeout(5000) });
        if (!response.ok) throw new Error(`answered ${response.status}: ${await response.text()}`);
      });
    }
  }
  return { removed, failed };
}

/** JSON with sorted keys, so two equal policies compare equal whatever order their fields were set in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
