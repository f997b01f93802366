import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The full lifecycle: review, feedback, deadlines, documents, bank verification, activation, outbox. */
export class Lifecycle1763856000000 implements MigrationInterface {
  name = 'Lifecycle1763856000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE applications
        ADD COLUMN assignee_id text NULL,
        ADD COLUMN assignee_role text NULL,
        ADD COLUMN claimed_at timestamptz NULL,
        ADD COLUMN escalated boolean NOT NULL DEFAULT false,
        ADD COLUMN round integer NOT NULL DEFAULT 0,
        ADD COLUMN resubmissions integer NOT NULL DEFAULT 0,
        ADD COLUMN deadline_kind text NULL,
        ADD COLUMN deadline_at timestamptz NULL,
        ADD COLUMN sla_due_at timestamptz NULL,
        ADD COLUMN open_reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN changed_fields jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN requested_capabilities jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN approvals jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN agreement jsonb NULL,
        ADD COLUMN micro_deposit_attempts integer NOT NULL DEFAULT 0`);
    // The review queue: open reviews ordered by SLA due time, keyset-paginated by (sla_due_at, id).
    await q.query(`
      CREATE INDEX ix_applications_review_queue ON applications (sla_due_at, id)
      WHERE status IN ('in_review', 'awaiting_second_approval')`);
    await q.query(`CREATE INDEX ix_applications_assignee ON applications (assignee_id) WHERE assignee_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL,
        merchant_id text NOT NULL,
        type text NOT NULL,
        sha256 char(64) NOT NULL,
        size integer NOT NULL,
        media_type text NOT NULL,
        original_name text NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_documents_application ON documents (application_id, created_at)`);
    await q.query(`CREATE INDEX ix_documents_sha256 ON documents (sha256)`);

    await q.query(`
      CREATE TABLE payout_transfers (
        id uuid PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        application_id uuid NOT NULL,
        merchant_id text NOT NULL,
        account_fingerprint char(64) NOT NULL,
        amount_cents integer NOT NULL CHECK (amount_cents BETWEEN 1 AND 99),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE wallet_capabilities (
        application_id uuid NOT NULL,
        capability text NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, capability)
      )`);
    await q.query(`
      CREATE TABLE api_credentials (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL UNIQUE,
        merchant_id text NOT NULL,
        key_id text NOT NULL UNIQUE,
        secret_hash text NULL,
        revealed_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE fee_plan_assignments (
        application_id uuid PRIMARY KEY,
        merchant_id text NOT NULL,
        plan_code text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Outbox: one row per notification, written in the same transaction as the event it is about.
    await q.query(`
      CREATE TABLE notifications (
        application_id uuid NOT NULL,
        seq integer NOT NULL,
        recipient text NOT NULL,
        kind text NOT NULL,
        merchant_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz NULL,
        PRIMARY KEY (application_id, seq, recipient)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'notifications',
      'fee_plan_assignments',
      'api_credentials',
      'wallet_capabilities',
      'payout_transfers',
      'documents',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query('DROP INDEX ix_applications_assignee');
    await q.query('DROP INDEX ix_applications_review_queue');
    await q.query(`
      ALTER TABLE applications
        DROP COLUMN assignee_id, DROP COLUMN assignee_role, DROP COLUMN claimed_at, DROP COLUMN escalated,
        DROP COLUMN round, DROP COLUMN resubmissions, DROP COLUMN deadline_kind, DROP COLUMN deadline_at,
        DROP COLUMN sla_due_at, DROP COLUMN open_reasons, DROP COLUMN changed_fields,
        DROP COLUMN requested_capabilities, DROP COLUMN approvals, DROP COLUMN agreement,
        DROP COLUMN micro_deposit_attempts`);
  }
}
