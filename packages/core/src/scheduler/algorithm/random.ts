/**
 * The scheduler's random source. Upstream breaks ties between equally scored nodes with
 * math/rand; kubelab does too, unless a seed is given (`kubelab up --seed N`), in which case
 * a small deterministic generator (mulberry32) makes every run choose the same nodes, so a
 * graded lab gives the same answer each time.
 */
export type Random = () => number;

/** A generator in [0, 1): seeded when seed is a number, Math.random otherwise. */
export function newRandom(seed?: number): Random {
  if (seed === undefined) return Math.random;
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n) (rand.Intn). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}
