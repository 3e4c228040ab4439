import { Gauge, type Registry } from 'prom-client';
import { ProxyMetricLabels as L, ProxyMetricNames as N } from '../core/conventions.js';
import { readLiveProxies, type LiveProxy } from '../topology/live-proxies.js';

/**
 * The fault state of a Toxiproxy server, read from its HTTP API at scrape time and exposed under
 * the Faultline proxy's gauge names (`faultline_proxy_enabled`, `faultline_proxy_active_toxics`).
 * The official Toxiproxy image exports only byte counters, so without this mirror the experiments
 * dashboard could not show which faults are in place on a compose stack. An API that does not
 * answer leaves both gauges empty for that scrape (and `faultline_harness_toxiproxy_up` at 0), so
 * a stale value is never shown as the present.
 */

export const TOXIPROXY_UP = 'faultline_harness_toxiproxy_up';

export function registerProxyStateMetrics(registry: Registry, toxiproxyUrl: string, timeoutMs = 2000): void {
  // One read of the API per scrape: prom-client runs the collectors of a scrape concurrently, so
  // they share the read in flight; once it settles the next scrape reads afresh (never a cached past).
  let inFlight: Promise<LiveProxy[] | undefined> | undefined;
  const read = () => {
    inFlight ??= fetchProxies(toxiproxyUrl, timeoutMs).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  new Gauge({
    name: N.proxyEnabled,
    help: '1 when the proxy is listening, 0 when it is disabled (an outage fault), as the Toxiproxy API reports it.',
    labelNames: [L.proxy],
    registers: [registry],
    async collect() {
      const proxies = (await read()) ?? [];
      this.reset();
      for (const proxy of proxies) this.set({ proxy: proxy.name }, proxy.enabled ? 1 : 0);
    },
  });
  new Gauge({
    name: N.activeToxics,
    help: 'Toxics configured on each proxy, by type and stream, as the Toxiproxy API reports them.',
    labelNames: [L.proxy, L.toxicType, L.stream],
    registers: [registry],
    async collect() {
      const proxies = (await read()) ?? [];
      // Counted first and set after the read in one synchronous step: two scrapes running at once
      // (Prometheus and a curl) would otherwise interleave their reset and increments and add up.
      const counts = new Map<string, { labels: Record<string, string>; count: number }>();
      for (const proxy of proxies) {
        for (const toxic of proxy.toxics) {
          const key = JSON.stringify([proxy.name, toxic.type, toxic.stream]);
          const entry = counts.get(key) ?? { labels: { proxy: proxy.name, type: toxic.type, stream: toxic.stream }, count: 0 };
          entry.count += 1;
          counts.set(key, entry);
        }
      }
      this.reset();
      for (const { labels, count } of counts.values()) this.set(labels, count);
    },
  });
  new Gauge({
    name: TOXIPROXY_UP,
    help: `1 when the Toxiproxy API at ${toxiproxyUrl} answered this scrape, 0 when it did not.`,
    registers: [registry],
    async collect() {
      this.set((await read()) ? 1 : 0);
    },
  });
}

async function fetchProxies(toxiproxyUrl: string, timeoutMs: number): Promise<LiveProxy[] | undefined> {
  return readLiveProxies(toxiproxyUrl, timeoutMs).catch(() => undefined);
}
