/**
 * What is on a Toxiproxy server right now, read from its standard `GET /proxies` (the published
 * client drops the toxics from what it returns). Preflight refuses to start over faults someone left
 * behind, and `faultline panic` removes them.
 */
export interface ProxyState {
  name: string;
  enabled: boolean;
  listen: string;
  upstream: string;
  toxics: Array<{ name: string; type: string; stream: string }>;
}

export async function readProxies(toxiproxyUrl: string): Promise<ProxyState[]> {
  const response = await fetch(`${toxiproxyUrl}/proxies`, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`GET ${toxiproxyUrl}/proxies answered ${response.status}`);
  const body = (await response.json()) as Record<string, ProxyState>;
  return Object.values(body).sort((a, b) => a.name.localeCompare(b.name));
}

/** Every fault in place, in words: "gateway_catalog: toxic latency_downstream (latency)", "orders_payments: disabled". */
export function faultsInPlace(proxies: readonly ProxyState[]): string[] {
  return proxies.flatMap((proxy) => [...(proxy.enabled ? [] : [`${proxy.name}: disabled`]), ...proxy.toxics.map((t) => `${proxy.name}: toxic ${t.name} (${t.type}, ${t.stream})`)]);
}
