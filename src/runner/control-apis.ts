import type { Toxiproxy } from 'toxiproxy-node-client';
import type { ResiliencePolicy } from '../core/service-contract.js';
import type { Lease, ProcessControl } from './process-control.js';

/**
 * The calls the runner and `faultline panic` make beside the Toxiproxy API: Faultline's proxy
 * extensions (leases, audit events), process faults (process-control.ts: the supervisor or Docker),
 * and the services' /admin/policies. Every address is loopback (the experiment loader refuses others
 * unless allowed). The end of a toxic and of an outage, through the standard client, are here too.
 */
export interface ControlApis {
  toxiproxyUrl: string;
  /** Process faults: the supervisor, or the Docker engine running the services; absent when neither answers. */
  processes: ProcessControl | undefined;
  proxyOffersLeases(): Promise<boolean>;
  leaseToxic(proxy: string, toxic: string, lease: Lease): Promise<void>;
  leaseProxy(proxy: string, lease: Lease): Promise<void>;
  renewProxyLeases(holder: string, ttlMs: number): Promise<void>;
  /** Id of the proxy's latest audit event, to tie a journal entry to it; undefined without the extension. */
  latestProxyAuditId(): Promise<number | undefined>;
  setPolicy(service: string, peer: string, policy: ResiliencePolicy): Promise<void>;
}

/**
 * Reading a service's live policies: `faultline panic` puts back only those that differ from the
 * declared ones. The runner never reads them, so this stays beside ControlApis rather than in it.
 */
export interface PolicyReader {
  /** The service's policies by peer (`GET /admin/policies`); undefined when the service has no known address. */
  livePolicies(service: string): Promise<Partial<Record<string, ResiliencePolicy>> | undefined>;
}

export type { Lease } from './process-control.js';

const TIMEOUT_MS = 5000;

export function httpControlApis(options: { toxiproxyUrl: string; processes?: ProcessControl; serviceUrl(name: string): string | undefined }): ControlApis & PolicyReader {
  const { toxiproxyUrl } = options;
  let extensions: Promise<string[]> | undefined;
  let auditCursor = 0;
  const proxyExtensions = () => (extensions ??= json<{ extensions?: string[] }>('GET', `${toxiproxyUrl}/faultline`, undefined, [404]).then((body) => body?.extensions ?? [], () => []));

  return {
    toxiproxyUrl,
    processes: options.processes,
    proxyOffersLeases: async () => (await proxyExtensions()).includes('leases'),
    leaseToxic: async (proxy, toxic, lease) => void (await json('PUT', `${toxiproxyUrl}/proxies/${proxy}/toxics/${toxic}/lease`, { ttl_ms: lease.ttlMs, holder: lease.holder })),
    leaseProxy: async (proxy, lease) => void (await json('PUT', `${toxiproxyUrl}/proxies/${proxy}/lease`, { ttl_ms: lease.ttlMs, holder: lease.holder })),
    renewProxyLeases: async (holder, ttlMs) => void (await json('POST', `${toxiproxyUrl}/leases/renew`, { holder, ttl_ms: ttlMs })),
    latestProxyAuditId: async () => {
      if (!(await proxyExtensions()).includes('events')) return undefined;
      // Read on from the last cursor to the newest event (pages of 1000; the first call walks the ring once).
      for (;;) {
        const page = await json<{ events: Array<{ id: number }>; next: number }>('GET', `${toxiproxyUrl}/events?since=${auditCursor}&limit=1000`).catch(() => undefined);
        if (!page) return undefined;
        auditCursor = page.next;
        if (page.events.length < 1000) return auditCursor > 0 ? auditCursor : undefined;
      }
    },
    setPolicy: async (service, peer, policy) => {
      const url = options.serviceUrl(service);
      if (!url) throw new Error(`no address for service ${service}`);
      await json('PUT', `${url}/admin/policies/${peer}`, policy);
    },
    livePolicies: async (service) => {
      const url = options.serviceUrl(service);
      if (!url) return undefined;
      return (await json<Partial<Record<string, ResiliencePolicy>>>('GET', `${url}/admin/policies`)) ?? {};
    },
  };
}

/**
 * Remove a toxic (the end of a toxic fault, for the rollback and for panic). One already gone (its
 * lease lapsed, a rollback or panic got there first) counts as removed.
 */
export async function removeToxic(client: Toxiproxy, proxy: string, toxic: string): Promise<void> {
  try {
    await (await (await client.get(proxy)).getToxic(toxic)).remove();
  } catch (error) {
    if (!/not found|404/i.test((error as Error).message)) throw error;
  }
}

/** Enable a disabled proxy again (the end of an outage); an enabled one is left as it is. */
export async function enableProxy(client: Toxiproxy, proxy: string): Promise<void> {
  const current = await client.get(proxy);
  if (!current.enabled) await current.update({ enabled: true, listen: current.listen, upstream: current.upstream });
}

/** One JSON request with a timeout; a status outside 2xx (and `tolerate`) is an error naming the call and the answer. */
async function json<T>(method: string, url: string, body?: unknown, tolerate: readonly number[] = []): Promise<T | undefined> {
  const response = await fetch(url, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  if (tolerate.includes(response.status)) return undefined;
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as T) : undefined;
}
