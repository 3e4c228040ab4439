import type { Slo, Sli } from '../../../../src/slo/model.js';
import { SliHistory } from '../../../../src/slo/evaluator/history.js';

export const S = 1000;
export const M = 60 * S;
export const H = 60 * M;
export const D = 24 * H;

/** A checked SLO model around an SLI (what the loader would build). */
export function slo(sli: Sli, objective = 99): Slo {
  return {
    id: 'catalog-requests',
    service: 'catalog',
    name: 'requests',
    description: '',
    objective,
    periodMs: 30 * D,
    budgeting: { method: 'events' },
    sli,
    labels: {},
    alerting: { name: 'CatalogRequests', pageLabels: {}, ticketLabels: {} },
  };
}

/**
 * One scrape a second from t = 0 to t = seconds: `rps` requests in each second, of which
 * `errorsIn(second)` failed (second s is the one ending at (s + 1) s).
 */
export function steadyTraffic(seconds: number, rps: number, errorsIn: (second: number) => number = () => 0, retentionMs = 2 * H): SliHistory {
  const history = new SliHistory({ retentionMs });
  let errors = 0;
  let total = 0;
  history.record(0, { errors, total });
  for (let second = 0; second < seconds; second += 1) {
    errors += errorsIn(second);
    total += rps;
    history.record((second + 1) * S, { errors, total });
  }
  return history;
}

/** 10 req/s for an hour, every request failing from 30:00 to 31:00 (a one-minute 100 % outage). */
export const oneMinuteOutage = (seconds = 3600) => steadyTraffic(seconds, 10, (s) => (s >= 1800 && s < 1860 ? 10 : 0));
