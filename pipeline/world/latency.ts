import type { Rng } from '../core/rng.ts';
import type { LatencyProfile } from '../schema/toolkit.ts';

/** z-score of the 95th percentile of a standard normal. */
const Z95 = 1.6448536269514722;

/** A draw from a profile, in virtual seconds, rounded to 0.1 s so traces read well. */
export function sampleLatency(profile: LatencyProfile, rng: Rng, scale = 1): number {
  let seconds: number;
  switch (profile.kind) {
    case 'fixed':
      seconds = profile.seconds;
      break;
    case 'uniform':
      seconds = profile.min + rng.next() * (profile.max - profile.min);
      break;
    case 'lognormal': {
      const sigma = Math.log(Math.max(profile.p95, profile.median) / profile.median) / Z95;
      seconds = profile.median * Math.exp(sigma * rng.normal());
      break;
    }
  }
  return Math.round(seconds * scale * 10) / 10;
}

/** The typical duration of a profile (median), for stats and docs. */
export function typicalLatency(profile: LatencyProfile): number {
  switch (profile.kind) {
    case 'fixed':
      return profile.seconds;
    case 'uniform':
      return (profile.min + profile.max) / 2;
    case 'lognormal':
      return profile.median;
  }
}
