import type { Card, Notice } from '../../../../cards/src/model';
import type { Platform } from '../../../../bot/src/messenger';
import type { Queryable } from '../db/db';
import type { PersonInfo } from '../directory/directory';

/** Who gets a message: a person (by id) or a group (by config key). */
/** `platform` pins a reply to the platform the person wrote from. */
export type Recipient = { personId: string; platform?: Platform } | { groupKey: string };

/** What to send, by reference: the card is built when the job runs, from current data. */
export type DeliveryContent =
  | { type: 'card'; kind: string; subjectType: string; subjectId: string; params?: Record<string, unknown> }
  | { type: 'notice'; kind: string; subjectType: string; subjectId: string; params?: Record<string, unknown> }
  | { type: 'text'; messageKey: string; params?: Record<string, unknown> };

/** A 'deliver' job's data. `deliveryId` makes re-runs of the same job send once. */
export interface DeliveryJob {
  plantId: string;
  deliveryId: string;
  to: Recipient;
  content: DeliveryContent;
}

/** What a card builder gets: a read handle, the viewer and the subject. */
export interface CardBuildContext {
  q: Queryable;
  plantId: string;
  /** The person the card is for (null for group notices). */
  viewer: PersonInfo | null;
  locale: string;
  timezone: string;
  subjectId: string;
  params: Record<string, unknown>;
  /** Absolute base URL for links (H5 pages, photos). */
  publicUrl: string;
  /** Version number to put into action refs (stale clicks are refused). */
  cardVersion: number;
}

/** Builds a card (for people) or a notice (for groups) of one kind. */
export type CardBuilder = (ctx: CardBuildContext) => Promise<Card | Notice | null>;
