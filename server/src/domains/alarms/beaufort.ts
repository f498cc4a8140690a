/**
 * Lower bound (m/s, 10 m height) of each Beaufort force 0–17, from the national wind-scale
 * convention (GB/T 28591 extends the classic 0–12 scale to 17). Force 5 = 8.0–10.7 m/s,
 * force 6 = 10.8–13.8 m/s (domain.md §1.13).
 */
const LOWER_BOUNDS_MS = [0, 0.3, 1.6, 3.4, 5.5, 8.0, 10.8, 13.9, 17.2, 20.8, 24.5, 28.5, 32.7, 37.0, 41.5, 46.2, 51.0, 56.1];

/**
 * Beaufort force for a wind speed in m/s. The published table is in 0.1 m/s steps, so the speed is
 * first rounded half-up to 0.1 (10.75 → 10.8 → force 6): the conservative side for stop-work rules.
 * Returns null for a negative or non-finite speed.
 */
export function beaufortFromSpeed(speedMs: number): number | null {
  if (!Number.isFinite(speedMs) || speedMs < 0) return null;
  const rounded = Math.round(speedMs * 10 + 1e-9) / 10;
  let force = 0;
  for (let i = 1; i < LOWER_BOUNDS_MS.length; i++) if (rounded >= LOWER_BOUNDS_MS[i]) force = i;
  return force;
}

/** The lowest wind speed (m/s) that counts as this Beaufort force. */
export function beaufortLowerBound(force: number): number {
  const f = Math.max(0, Math.min(LOWER_BOUNDS_MS.length - 1, Math.floor(force)));
  return LOWER_BOUNDS_MS[f];
}
