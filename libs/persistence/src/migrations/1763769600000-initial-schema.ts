import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763769600000 implements MigrationInterface {
  name = 'InitialSchema1763769600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY,
        merchant_id text NOT NULL,
        status text NOT NULL,
        version integer NOT NULL,
        profile_revision integer NOT NULL,
        risk_level text NULL,
        findings jsonb NOT NULL DEFAULT '[]'::jsonb,
        rejection jsonb NULL,
        wallet_account_id uuid NULL,
        submitted_at timestamptz NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_applications_merchant_created ON applications (merchant_id, created_at)`);
    await q.query(`CREATE INDEX ix_applications_status_submitted ON applications (status, submitted_at)`);
    await q.query(`
      CREATE TABLE application_events (
        application_id uuid NOT NULL,
        seq integer NOT NULL CHECK (seq > 0),
        type text NOT NULL,
        actor_role text NOT NULL,
        actor_id text NOT NULL,
        at timestamptz NOT NULL,
        status text NOT NULL,
        data jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, seq)
      )`);
    await q.query(`
      CREATE TABLE application_profiles (
        application_id uuid NOT NULL,
        revision integer NOT NULL,
        merchant_id text NOT NULL,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, revision)
      )`);
    await q.query(`
      CREATE TABLE wallet_accounts (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL UNIQUE,
        merchant_id text NOT NULL,
        currency text NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE wallet_accounts');
    await q.query('DROP TABLE application_profiles');
    await q.query('DROP TABLE application_events');
    await q.query('DROP TABLE applications');
  }
}
