import type { SandboxStore } from '../../../../bot/src/adapters/sandbox/sandboxMessenger';
import type { Queryable } from '../db/db';

/** A chat line as the Sandbox page shows it. */
export interface SandboxMessage {
  id: number;
  rev: number;
  conversation: string;
  direction: 'in' | 'out';
  senderPersonId: string | null;
  kind: string;
  body: unknown;
  version: number;
  createdAt: Date;
}

/** Sandbox chats in tables, so every instance (and a restart) sees the same conversation. */
export class SandboxRepo implements SandboxStore {
  constructor(private readonly q: Queryable) {}

  async append(msg: Parameters<SandboxStore['append']>[0]): Promise<number> {
    const r = await this.q.query<{ id: number }>(
      `INSERT INTO sandbox_messages (plant_id, conversation, direction, sender_person_id, kind, body) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [msg.plantId, msg.conversation, msg.direction, msg.senderPersonId, msg.kind, JSON.stringify(msg.body)],
    );
    return r.rows[0].id;
  }

  async replace(messageId: number, body: unknown): Promise<boolean> {
    const r = await this.q.query(
      `UPDATE sandbox_messages SET body = $2, version = version + 1, rev = nextval('sandbox_rev'), updated_at = now() WHERE id = $1 AND kind = 'card'`,
      [messageId, JSON.stringify(body)],
    );
    return r.rowCount > 0;
  }

  /** One message (to check a click refers to a card shown to this person). */
  async get(plantId: string, id: number): Promise<SandboxMessage | null> {
    const r = await this.q.query<Row>(`SELECT * FROM sandbox_messages WHERE plant_id = $1 AND id = $2`, [plantId, id]);
    return r.rows[0] ? toMessage(r.rows[0]) : null;
  }

  /** Changes after `afterRev` in the given conversations, oldest first. */
  async since(plantId: string, conversations: string[], afterRev: number, limit = 200): Promise<SandboxMessage[]> {
    const r = await this.q.query<Row>(
      `SELECT * FROM sandbox_messages WHERE plant_id = $1 AND conversation = ANY($2::text[]) AND rev > $3 ORDER BY rev LIMIT $4`,
      [plantId, conversations, afterRev, limit],
    );
    return r.rows.map(toMessage);
  }
}

interface Row {
  id: number;
  rev: number;
  conversation: string;
  direction: 'in' | 'out';
  sender_person_id: string | null;
  kind: string;
  body: unknown;
  version: number;
  created_at: Date;
}

function toMessage(r: Row): SandboxMessage {
  return { id: r.id, rev: r.rev, conversation: r.conversation, direction: r.direction, senderPersonId: r.sender_person_id, kind: r.kind, body: r.body, version: r.version, createdAt: r.created_at };
}
