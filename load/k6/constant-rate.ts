/**
 * The built-in generator's constant rate (an experiment's `load: {rate, duration}`) as k6's
 * constant-arrival-rate executor: LOAD_RATE requests per second for LOAD_DURATION, the shop's
 * seeded request mix, thresholds from slo/shop.yaml. Defaults: the demo experiment's 30 req/s for
 * 30 s. Run: `k6 run load/k6/constant-rate.ts` (see load/k6/README.md).
 */
import type { Options } from 'k6/options';
import { constantArrivalRate } from './lib/config.ts';
import { config, shopIteration, shopOptions, shopSetup, type ShopData } from './shop.ts';

export const options: Options = shopOptions(constantArrivalRate(config));

export function setup(): ShopData {
  return shopSetup();
}

export default function (data: ShopData): void {
  shopIteration(data);
}
