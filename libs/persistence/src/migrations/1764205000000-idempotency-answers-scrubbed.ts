import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Idempotency-Key store used to keep whole answers: API secrets shown once, reviewer views with
 * unmasked ID and account numbers. It now keeps a replay marker only; rows written before are
 * turned into markers (an application answer is rendered again on replay, any other is refused).
 */
export class IdempotencyAnswersScrubbed1764205000000 implements MigrationInterface {
  name = 'IdempotencyAnswersScrubbed1764205000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE idempotency_keys SET response = CASE
          WHEN response ? 'replay' THEN response
          WHEN jsonb_typeof(response) = 'object' AND response ? 'id' AND response ? 'merchantId' AND response ? 'status'
            THEN jsonb_build_object('replay', 'application', 'applicationId', response->>'id')
          ELSE jsonb_build_object('replay', 'refused', 'code', 'IDEMPOTENT_REPLAY_REFUSED')
        END
       WHERE response IS NOT NULL AND jsonb_typeof(response) <> 'null'`);
  }

  async down(): Promise<void> {
    // The answers are gone on purpose; nothing to restore.
  }
}
