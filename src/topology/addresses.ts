import { FaultlineError } from '../core/errors.js';
import type { ServiceName } from '../core/service-contract.js';
import type { Topology } from './model.js';

/**
 * Where each service runs: asked of the supervisor when `faultline up` is running (ports may have
 * been picked at start), else taken from the topology when it declares fixed ports.
 */
export async function serviceAddresses(topology: Topology, supervisorUrl: string): Promise<(service: ServiceName) => string | undefined> {
  const live = await fetchLive(supervisorUrl);
  if (live) return (service) => live.get(service);
  const zero = topology.services.filter((s) => s.port === 0).map((s) => s.name);
  if (zero.length > 0) {
    throw new FaultlineError(
      'FAULTLINE_TOPOLOGY_ADDRESS_UNKNOWN',
      `no supervisor answers at ${supervisorUrl}, and ${zero.join(', ')} ${zero.length === 1 ? 'is' : 'are'} declared with port 0, so ${zero.length === 1 ? 'its address is' : 'their addresses are'} known only while \`faultline up\` runs (start it, or pass --supervisor-url)`,
    );
  }
  return (service) => {
    const declared = topology.services.find((s) => s.name === service);
    return declared ? `${declared.host}:${declared.port}` : undefined;
  };
}

async function fetchLive(supervisorUrl: string): Promise<Map<string, string> | undefined> {
  try {
    const response = await fetch(`${supervisorUrl}/services`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { services: Array<{ name: string; url: string }> };
    return new Map(body.services.map((s) => [s.name, s.url.replace(/^https?:\/\//, '')]));
  } catch {
    return undefined;
  }
}
