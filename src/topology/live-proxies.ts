/**
 * What is on a Toxiproxy server right now, from its standard `GET /proxies` (Faultline's proxy or
 * the real one). The published client drops the toxics from what it returns, so this reads the
 * endpoint itself. Reconciliation, the runner's preflight and panic, and the harness's fault
 * gauges all read the server through here.
 */
export interface LiveProxy {
  name: string;
  enabled: boolean;
  listen: string;
  upstream: string;
  toxics: Array<{ name: string; type: string; stream: string }>;
}

/** Every proxy, sorted by name; throws when the API does not answer 200 within `timeoutMs`. */
export async function readLiveProxies(toxiproxyUrl: string, timeoutMs = 5000): Promise<LiveProxy[]> {
  const response = await fetch(`${toxiproxyUrl}/proxies`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${toxiproxyUrl}/proxies answered ${response.status}`);
  const body = (await response.json()) as Record<string, Partial<LiveProxy> & { name: string }>;
  return Object.values(body)
    .map((proxy) => ({ name: proxy.name, enabled: proxy.enabled !== false, listen: proxy.listen ?? '', upstream: proxy.upstream ?? '', toxics: proxy.toxics ?? [] }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
