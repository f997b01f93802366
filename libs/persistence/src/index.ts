/**
 * PostgreSQL persistence: migrations, entities and repositories.
 *
 * One style: every table is read and written with parameterised SQL (`db.query` / `tx.query`) in
 * its repository, because most writes need what only one SQL statement gives (ON CONFLICT upserts,
 * the read model's version guard, RETURNING, advisory and row locks) and reads must use the same
 * columns and scope the writes do. Entity classes are the row types: their column metadata gives
 * the SELECT/RETURNING lists (`columnsOf`), so rows come back in the entity's shape; they are never
 * a query API (no repositories, query builders or save). Lint enforces this in repositories/.
 */
export * from './data-source-options';
export * from './entities/application-event.entity';
export * from './entities/application-profile.entity';
export * from './entities/application.entity';
export * from './entities/wallet-account.entity';
export * from './persistence.module';
export * from './repositories/application.repository';
export * from './repositories/business-metrics.repository';
export * from './repositories/event.repository';
export * from './repositories/profile.repository';
export * from './repositories/transition.repository';
export * from './repositories/wallet-account.repository';
export * from './run-migrations';
export * from './entities/activation.entities';
export * from './entities/document.entity';
export * from './repositories/activation.repository';
export * from './repositories/document.repository';
export * from './repositories/payout.repository';
export * from './repositories/idempotency.repository';
export * from './repositories/webhook.repository';
export * from './repositories/rate-limit.repository';
export * from './repositories/notification.repository';
export * from './repositories/application-changes';
export * from './repositories/storable';
export * from './repositories/screening.repository';
