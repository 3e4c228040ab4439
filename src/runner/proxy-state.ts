import type { LiveProxy } from '../topology/live-proxies.js';

/** Every fault in place, in words: "gateway_catalog: toxic latency_downstream (latency)", "orders_payments: disabled". */
export function faultsInPlace(proxies: readonly LiveProxy[]): string[] {
  return proxies.flatMap((proxy) => [...(proxy.enabled ? [] : [`${proxy.name}: disabled`]), ...proxy.toxics.map((t) => `${proxy.name}: toxic ${t.name} (${t.type}, ${t.stream})`)]);
}
