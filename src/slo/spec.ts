import { readFileSync } from 'node:fs';
import { packageFile } from '../core/package-root.js';
import type { HttpMethod } from './model.js';

/**
 * The file format of `slo/*.yaml` (`apiVersion: faultline.dev/v1`, `kind: SLOSet`) as it is written,
 * before any default or check: what the loader receives once the schema has passed.
 */

/** schemas/slo.schema.json — the same file editors use for completion — read once. */
export const sloSchema: object = JSON.parse(readFileSync(packageFile('schemas/slo.schema.json'), 'utf8')) as object;

export const SLO_API_VERSION = 'faultline.dev/v1';
export const SLO_KIND = 'SLOSet';
export const DEFAULT_PERIOD = '30d';
export const DEFAULT_SLICE_WINDOW = '5m';

export interface RawRequestFilter {
  method?: HttpMethod;
  routes?: string[];
}

export interface RawSli {
  availability?: RawRequestFilter;
  latency?: RawRequestFilter & { threshold: number | string };
  clientAvailability?: { peer: string };
  custom?: { errorQuery: string; totalQuery: string };
}

export interface RawAlerting {
  name?: string;
  pageLabels?: Record<string, string>;
  ticketLabels?: Record<string, string>;
  runbook?: string;
}

export interface RawBudgeting {
  method?: 'events' | 'timeslices';
  sliceWindow?: string;
  sliceObjective?: number;
}

export interface RawSlo {
  service: string;
  name: string;
  description?: string;
  objective: number;
  period?: string;
  budgeting?: RawBudgeting;
  traffic?: { expectedRate: number };
  labels?: Record<string, string>;
  sli: RawSli;
  alerting?: RawAlerting;
}

export interface RawSloSet {
  apiVersion: typeof SLO_API_VERSION;
  kind: typeof SLO_KIND;
  metadata?: { name?: string; description?: string };
  timeScale?: number;
  slos: RawSlo[];
}
