import { Toxiproxy } from 'toxiproxy-node-client';
import type { ServiceName } from '../core/service-contract.js';
import { splitAddress } from './host-port.js';
import { readLiveProxies, type LiveProxy } from './live-proxies.js';
import { declaredProxies, type Topology } from './model.js';

/** A proxy as the topology wants it: enabled, no toxics. */
export interface DesiredProxy {
  name: string;
  listen: string;
  upstream: string;
}

export type Drift =
  | { proxy: string; kind: 'missing'; declared: DesiredProxy }
  | { proxy: string; kind: 'listen' | 'upstream'; declared: string; live: string }
  | { proxy: string; kind: 'disabled' }
  | { proxy: string; kind: 'toxic'; toxic: string; type: string; stream: string }
  | { proxy: string; kind: 'undeclared' };

/**
 * The proxies the topology declares, with upstreams resolved: an explicit `upstream`, or the called
 * service's address. `addressOf` knows where services run (ports picked at start time).
 */
export function desiredProxies(topology: Topology, addressOf: (service: ServiceName) => string | undefined): DesiredProxy[] {
  return declaredProxies(topology).map(({ caller, dependency }) => {
    const upstream = dependency.proxy.upstream ?? addressOf(dependency.service);
    if (!upstream) throw new Error(`proxy ${dependency.proxy.name} (${caller} → ${dependency.service}): the address of ${dependency.service} is not known; is it running?`);
    return { name: dependency.proxy.name, listen: dependency.proxy.listen, upstream };
  });
}

/** What differs between the declared proxies and a live Toxiproxy API (Faultline's or the real one). */
export async function diffProxies(apiUrl: string, desired: readonly DesiredProxy[]): Promise<Drift[]> {
  const live = await readLive(apiUrl);
  const drift: Drift[] = [];
  for (const want of desired) {
    const have = live.get(want.name);
    if (!have) {
      drift.push({ proxy: want.name, kind: 'missing', declared: want });
      continue;
    }
    if (!sameListen(want.listen, have.listen)) drift.push({ proxy: want.name, kind: 'listen', declared: want.listen, live: have.listen });
    if (normalise(want.upstream) !== normalise(have.upstream)) drift.push({ proxy: want.name, kind: 'upstream', declared: want.upstream, live: have.upstream });
    if (!have.enabled) drift.push({ proxy: want.name, kind: 'disabled' });
    for (const toxic of have.toxics) drift.push({ proxy: want.name, kind: 'toxic', toxic: toxic.name, type: toxic.type, stream: toxic.stream });
  }
  const declared = new Set(desired.map((d) => d.name));
  for (const name of live.keys()) if (!declared.has(name)) drift.push({ proxy: name, kind: 'undeclared' });
  return drift;
}

/**
 * Make the live proxies match the declaration, idempotently: create what is missing, move what
 * points elsewhere, enable what is disabled, remove toxics nobody declared. Proxies the topology
 * does not declare are reported by diff but left alone (the Toxiproxy may be shared).
 * Returns the drift it repaired; a second run returns nothing and changes nothing.
 */
export async function applyProxies(apiUrl: string, desired: readonly DesiredProxy[]): Promise<Drift[]> {
  const client = new Toxiproxy(apiUrl);
  const drift = (await diffProxies(apiUrl, desired)).filter((d) => d.kind !== 'undeclared');
  const touched = new Set<string>();
  for (const item of drift) {
    const want = desired.find((d) => d.name === item.proxy) as DesiredProxy;
    if (item.kind === 'missing') {
      await client.createProxy({ name: want.name, listen: want.listen, upstream: want.upstream, enabled: true });
    } else if (item.kind === 'toxic') {
      await (await client.get(item.proxy)).getToxic(item.toxic).then((toxic) => toxic.remove());
    } else if (!touched.has(item.proxy)) {
      touched.add(item.proxy);
      const proxy = await client.get(item.proxy);
      const listen = drift.some((d) => d.proxy === item.proxy && d.kind === 'listen') ? want.listen : proxy.listen;
      await proxy.update({ listen, upstream: want.upstream, enabled: true });
    }
  }
  return drift;
}

/** Where each declared proxy listens now, for building services' dependency URLs. */
export async function liveListens(apiUrl: string): Promise<Map<string, string>> {
  return new Map([...(await readLive(apiUrl)).values()].map((p) => [p.name, p.listen]));
}

async function readLive(apiUrl: string): Promise<Map<string, LiveProxy>> {
  return new Map((await readLiveProxies(apiUrl)).map((p) => [p.name, p]));
}

/** A declared port 0 means "any free port": it matches whatever port the proxy got. */
function sameListen(declared: string, live: string): boolean {
  const want = splitAddress(normalise(declared));
  const have = splitAddress(normalise(live));
  return want.host === have.host && (want.port === 0 || want.port === have.port);
}

function normalise(address: string): string {
  return address.replace(/^localhost:/, '127.0.0.1:');
}
