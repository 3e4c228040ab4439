/**
 * Seeded randomness (DESIGN habit 5): a service started with the same seed draws the same jitter
 * and processing times, so a run can be replayed. Restated from src/core/random.ts because services
 * may not import it; the Rng shape is identical, so tests can pass either.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
}

/** mulberry32: tiny, fast, good enough for jitter and simulated latency (not for cryptography). */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

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
