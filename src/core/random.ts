/**
 * Randomness is injected and seeded (habit 5), so a run can be replayed: Toxiproxy's own `-seed`
 * flag is ignored by its code, Faultline's is not.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
}

/** mulberry32: tiny, fast and good enough for fault decisions (not for cryptography). */
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

/** A seed for runs where the user gave none; printed so the run can be replayed. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

/** Uniform integer in [min, max). */
export function uniformInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng.next() * (max - min));
}
