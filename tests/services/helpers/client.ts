import { ManualClock } from '../../../src/core/clock.js';
import type { ResiliencePolicy } from '../../../src/core/service-contract.js';
import { systemClock, type ServiceClock } from '../../../services/shared/clock.js';
import { createServiceMetrics } from '../../../services/shared/metrics.js';
import { seededRng } from '../../../services/shared/random.js';
import { ResilientClient } from '../../../services/shared/resilient-client.js';

/** A resilient client from gateway to catalog at `url`, with its own metrics registry. */
export function clientFor(url: string, policy: ResiliencePolicy, clock: ServiceClock = systemClock) {
  const metrics = createServiceMetrics();
  const client = new ResilientClient({ service: 'gateway', peer: 'catalog', url, policy, metrics, clock, rng: seededRng(7) });
  return { client, metrics, scrape: () => metrics.registry.metrics() };
}

/** The budget's window never slides under a clock that stands still. */
export const stillClock = (): ManualClock => new ManualClock();
