import type { Rng } from '../../src/core/random.js';

/** Seeded randomness (DESIGN habit 5): the harness's Rng, so a service with the same seed replays its draws. */
export { seededRng, type Rng } from '../../src/core/random.js';

/** A standard normal draw (Box–Muller); `1 - u` keeps the logarithm away from zero. */
export function standardNormal(rng: Rng): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** z-score of the 99th percentile of the standard normal distribution. */
const Z_P99 = 2.326347874;

/**
 * A log-normal sampler described by the two numbers people quote about latency: its median and its
 * p99. Log-normal because service times are positive and right-skewed; median = e^μ and
 * p99 = e^(μ + z₀.₉₉·σ), hence μ = ln(median) and σ = ln(p99 / median) / z₀.₉₉.
 */
export function logNormalSampler(rng: Rng, medianMs: number, p99Ms: number): () => number {
  if (medianMs <= 0) return () => 0;
  const mu = Math.log(medianMs);
  const sigma = Math.log(Math.max(p99Ms, medianMs) / medianMs) / Z_P99;
  return () => Math.exp(mu + sigma * standardNormal(rng));
}
