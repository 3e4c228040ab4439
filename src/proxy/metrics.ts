import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { ProxyMetricLabels as L, ProxyMetricNames as N } from '../core/conventions.js';
import type { ProxyCollection } from './collection.js';
import type { ByteCount, Proxy } from './proxy.js';

/**
 * Prometheus metrics for one proxy server, on by default (Toxiproxy needs -proxy-metrics).
 *
 * Nothing is counted on the data path itself: connections keep plain number fields, and these
 * collectors read them at scrape time. So a scrape sees live byte counts (Toxiproxy only counts a
 * connection when it closes) and the hot path pays for one addition per read. Totals are recomputed
 * at each scrape; deleting a proxy drops its series, which Prometheus reads as a counter reset.
 */
export function createProxyMetrics(collection: ProxyCollection): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const byteCounter = (name: string, help: string, value: (count: ByteCount) => number) =>
    new Counter({
      name,
      help,
      labelNames: [L.direction, L.listener, L.proxy, L.upstream],
      registers: [registry],
      collect() {
        this.reset();
        for (const proxy of collection.list()) {
          for (const count of proxy.byteCounts()) this.inc({ direction: count.direction, listener: count.listener, proxy: proxy.name, upstream: count.upstream }, value(count));
        }
      },
    });
  byteCounter(N.receivedBytes, 'Bytes read from the source of each direction of a proxy (client for upstream, server for downstream).', (c) => c.received);
  byteCounter(N.sentBytes, 'Bytes written to the destination of each direction of a proxy, after toxics.', (c) => c.sent);

  const perProxy = (kind: typeof Counter | typeof Gauge, name: string, help: string, value: (proxy: Proxy) => number) =>
    new kind({
      name,
      help,
      labelNames: [L.proxy],
      registers: [registry],
      collect(this: Counter | Gauge) {
        this.reset();
        for (const proxy of collection.list()) this.inc({ proxy: proxy.name }, value(proxy));
      },
    });
  perProxy(Counter, N.connectionsAccepted, 'Client connections accepted by each proxy.', (p) => p.accepted);
  perProxy(Counter, N.upstreamConnectErrors, 'Connections closed because the upstream could not be reached.', (p) => p.upstreamErrors);
  perProxy(Gauge, N.connectionsActive, 'Open proxied connections per proxy.', (p) => p.connectionCount);
  perProxy(Gauge, N.proxyEnabled, '1 when the proxy is listening, 0 when it is disabled (an outage fault).', (p) => (p.enabled ? 1 : 0));

  new Gauge({
    name: N.activeToxics,
    help: 'Toxics configured on each proxy, by type and stream.',
    labelNames: [L.proxy, L.toxicType, L.stream],
    registers: [registry],
    collect() {
      this.reset();
      for (const proxy of collection.list()) {
        for (const toxic of proxy.toxics) this.inc({ proxy: proxy.name, type: toxic.type.type, stream: toxic.direction });
      }
    },
  });
  new Gauge({
    name: N.leasesActive,
    help: 'Faults currently guarded by a lease.',
    registers: [registry],
    collect() {
      this.set(collection.leases.list().length);
    },
  });
  new Counter({
    name: N.leasesExpired,
    help: 'Leases that lapsed and had their fault reverted by the proxy.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(collection.leases.expiredCount);
    },
  });
  return registry;
}
