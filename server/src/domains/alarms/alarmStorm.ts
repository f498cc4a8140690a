/** What the storm throttle knows about one person at the moment an alarm is to be pushed. */
export interface StormState {
  /** Individual alarm cards this person got within the window. */
  cardsInWindow: number;
  /** Alarms already waiting for this person's next digest card. */
  pendingDigest: number;
}

/** How to tell the person: their own card, or a line in the next digest (whose job may need scheduling). */
export type StormDecision = { channel: 'card' } | { channel: 'digest'; scheduleDigest: boolean };

/**
 * Alarm storm throttle, per person: up to `maxCards` individual cards per window; beyond that,
 * alarms collect into one digest card per window instead of fifty cards. While a digest is pending,
 * new alarms join it (so the digest shows the storm in order). Pure.
 */
export function stormDecision(s: StormState, maxCards: number): StormDecision {
  if (s.pendingDigest > 0) return { channel: 'digest', scheduleDigest: false };
  if (s.cardsInWindow < maxCards) return { channel: 'card' };
  return { channel: 'digest', scheduleDigest: true };
}
