import type { JsonValue } from '../../runner/journal/events.js';
import type { FaultWindow } from './model.js';

/**
 * The catalogue experiment (experiments/, docs/EXPERIMENTS.md) that exercises a fault of the same
 * kind, to verify an action item: run it before and after the change, and close the item when the
 * run shows the improvement (Workbook: "a verifiable end state"; reference §7.6). A test checks that
 * every file named here exists.
 */
export const CATALOGUE = {
  outage: 'experiments/payments-outage.yaml',
  outageWithFallback: 'experiments/inventory-down-catalog-fallback.yaml',
  latency: 'experiments/payments-latency-beyond-timeout.yaml',
  blackHole: 'experiments/circuit-breaker.yaml',
  partial: 'experiments/partial-outage.yaml',
  bandwidth: 'experiments/bandwidth-starvation.yaml',
  slowClose: 'experiments/slow-close.yaml',
  resetPeer: 'experiments/reset-peer.yaml',
  kill: 'experiments/killed-process.yaml',
  pause: 'experiments/paused-process.yaml',
  retries: 'experiments/retry-storm.yaml',
  timeouts: 'experiments/timeout-mismatch.yaml',
} as const;

export function verificationExperiment(fault: Pick<FaultWindow, 'kind' | 'target' | 'toxic' | 'action'> & { policy?: JsonValue }): string {
  switch (fault.kind) {
    case 'outage':
      return 'proxy' in fault.target && /inventory/.test(fault.target.proxy) ? CATALOGUE.outageWithFallback : CATALOGUE.outage;
    case 'process':
      return fault.action === 'pause' ? CATALOGUE.pause : CATALOGUE.kill;
    case 'policy':
      return JSON.stringify(fault.policy ?? {}).includes('retries') ? CATALOGUE.retries : CATALOGUE.timeouts;
    case 'toxic':
      switch (fault.toxic?.type) {
        case 'timeout':
          return (fault.toxic.toxicity ?? 1) < 1 ? CATALOGUE.partial : CATALOGUE.blackHole;
        case 'bandwidth':
          return CATALOGUE.bandwidth;
        case 'slow_close':
          return CATALOGUE.slowClose;
        case 'reset_peer':
          return CATALOGUE.resetPeer;
        case 'limit_data':
        case 'slicer':
          return CATALOGUE.resetPeer;
        default:
          return CATALOGUE.latency;
      }
  }
}
