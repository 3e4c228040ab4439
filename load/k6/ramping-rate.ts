/**
 * The built-in generator's ramps (an experiment's `load: {startRate, stages}`) as k6's
 * ramping-arrival-rate executor: from LOAD_START_RATE, the rate moves linearly to each stage's
 * target over the stage's duration, as src/load/schedule.ts does. Defaults: the catalogue's ramping
 * experiment (retry-storm: 20 req/s for 5 s, then 20 → 35 req/s over 30 s).
 * Run: `k6 run load/k6/ramping-rate.ts` (see load/k6/README.md).
 */
import type { Options } from 'k6/options';
import { rampingArrivalRate } from './lib/config.ts';
import { config, shopIteration, shopOptions, shopSetup, type ShopData } from './shop.ts';

export const options: Options = shopOptions(rampingArrivalRate(config));

export function setup(): ShopData {
  return shopSetup();
}

export default function (data: ShopData): void {
  shopIteration(data);
}
