import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { ProxyMetricLabels as L, ProxyMetricNames as N } from '../core/conventions.js';
import type { ProxyCollection } from './collection.js';

/**
 * Prometheus metrics for one proxy server, on by default (Toxiproxy needs -proxy-metrics).
 *
 * Nothing is counted on the data path itself: connections keep plain number fields, and these
 * collectors read them at scrape time. So a scrape sees live byte counts (Toxiproxy only counts a
 * connection when it closes) and the hot path pays for one addition per read.
 */
export function createProxyMetrics(collection: ProxyCollection): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const byteLabels = [L.direction, L.listener, L.proxy, L.upstream];

  new Counter({
    name: N.receivedBytes,
    help: 'Bytes read from the source of each direction of a proxy (client for upstream, server for downstream).',
    labelNames: byteLabels,
    registers: [registry],
    collect() {
      // Totals are recomputed at each scrape; deleting a proxy drops its series, which Prometheus reads as a reset.
      this.reset();
      for (const proxy of collection.list()) {
        for (const count of proxy.byteCounts()) this.inc({ direction: count.direction, listener: count.listener, proxy: proxy.name, upstream: count.upstream }, count.received);
      }
    },
  });
  new Counter({
    name: N.sentBytes,
    help: 'Bytes written to the destination of each direction of a proxy, after toxics.',
    labelNames: byteLabels,
    registers: [registry],
    collect() {
      this.reset();
      for (const proxy of collection.list()) {
        for (const count of proxy.byteCounts()) this.inc({ direction: count.direction, listener: count.listener, proxy: proxy.name, upstream: count.upstream }, count.sent);
      }
    },
  });
  new Counter({
    name: N.connectionsAccepted,
    help: 'Client connections accepted by each proxy.',
    labelNames: [L.proxy],
    registers: [registry],
    collect() {
      this.reset();
      for (const proxy of collection.list()) this.inc({ proxy: proxy.name }, proxy.accepted);
    },
  });
  new Counter({
    name: N.upstreamConnectErrors,
    help: 'Connections closed because the upstream could not be reached.',
    labelNames: [L.proxy],
    registers: [registry],
    collect() {
      this.reset();
      for (const proxy of collection.list()) this.inc({ proxy: proxy.name }, proxy.upstreamErrors);
    },
  });
  new Gauge({
    name: N.connectionsActive,
    help: 'Open proxied connections per proxy.',
    labelNames: [L.proxy],
    registers: [registry],
    collect() {
      this.reset();
      for (const proxy of collection.list()) this.set({ proxy: proxy.name }, proxy.connectionCount);
    },
  });
  new Gauge({
    name: N.activeToxics,
    help: 'Toxics configured on each proxy, by type and stream.',
    labelNames: [L.proxy, L.toxicType, 'stream'],
    registers: [registry],
    collect() {
      this.reset();
      for (const proxy of collection.list()) {
        for (const toxic of proxy.toxics) this.inc({ proxy: proxy.name, type: toxic.type.type, stream: toxic.direction });
      }
    },
  });
  new Gauge({
    name: N.proxyEnabled,
    help: '1 when the proxy is listening, 0 when it is disabled (an outage fault).',
    labelNames: [L.proxy],
    registers: [registry],
    collect() {
      this.reset();
      for (const proxy of collection.list()) this.set({ proxy: proxy.name }, proxy.enabled ? 1 : 0);
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
