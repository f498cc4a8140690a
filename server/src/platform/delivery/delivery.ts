import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/db';
import type { Jobs } from '../jobs/jobs';
import type { DeliveryContent, DeliveryJob, Recipient } from './deliveryTypes';

/** Queue names of the delivery system. */
export const DELIVER_QUEUE = 'deliver';
export const REFRESH_QUEUE = 'refresh-cards';

/**
 * Enqueues a message inside the caller's transaction: nothing reaches a person from inside a
 * route or a transaction, and a rolled-back change sends nothing. Woken right after commit.
 */
export async function enqueueDelivery(tx: Tx, jobs: Jobs, plantId: string, to: Recipient, content: DeliveryContent): Promise<string> {
  const deliveryId = randomUUID();
  await jobs.send<DeliveryJob>(tx, DELIVER_QUEUE, { plantId, deliveryId, to, content }, { wake: true });
  return deliveryId;
}

/** Re-renders every card already sent about a subject (status changed), after commit. */
export async function enqueueCardRefresh(tx: Tx, jobs: Jobs, plantId: string, subjectType: string, subjectId: string): Promise<void> {
  await jobs.send(tx, REFRESH_QUEUE, { plantId, subjectType, subjectId }, { wake: true });
}
