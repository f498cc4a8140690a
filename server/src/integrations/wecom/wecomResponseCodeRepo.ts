import type { WecomResponseCode, WecomResponseCodeStore } from '../../../../bot/src/adapters/wecom/wecomMessengerTypes';
import type { Queryable } from '../../platform/db/db';

/** WeCom keeps a response_code usable for 72 h (doc 94888); the window cannot be configured. */
export const RESPONSE_CODE_HOURS = 72;

/** The response-code store on the wecom_response_codes table. */
export class WecomResponseCodeRepo implements WecomResponseCodeStore {
  constructor(private readonly db: Queryable) {}

  async add(c: WecomResponseCode): Promise<void> {
    await this.db.query(
      `INSERT INTO wecom_response_codes (response_code, plant_id, task_id, user_id, source, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (response_code) DO NOTHING`,
      [c.responseCode, c.plantId, c.taskId, c.userId, c.source, c.issuedAt],
    );
  }

  async claim(plantId: string, taskId: string, userId: string, now: Date): Promise<string | null> {
    // One statement, SKIP LOCKED: two refreshes of the same card never spend the same code.
    const r = await this.db.query<{ response_code: string }>(
      `UPDATE wecom_response_codes SET used_at = $4
        WHERE response_code = (
          SELECT response_code FROM wecom_response_codes
           WHERE plant_id = $1 AND task_id = $2 AND user_id = $3 AND used_at IS NULL
             AND issued_at > $4::timestamptz - make_interval(hours => ${RESPONSE_CODE_HOURS})
           ORDER BY issued_at DESC LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING response_code`,
      [plantId, taskId, userId, now],
    );
    return r.rows[0]?.response_code ?? null;
  }

  async release(responseCode: string): Promise<void> {
    await this.db.query('UPDATE wecom_response_codes SET used_at = NULL WHERE response_code = $1', [responseCode]);
  }
}
