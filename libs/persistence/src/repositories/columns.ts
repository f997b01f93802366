import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity's columns as a SELECT (or RETURNING) list under its property names
 * (`"merchant_id" AS "merchantId"`), so a row read with SQL comes back in the entity's shape;
 * `alias` qualifies each column. The entity is the row's type and mapping, never the query.
 */
export function columnsOf(db: DataSource, entity: EntityTarget<ObjectLiteral>, alias?: string): string {
  const prefix = alias === undefined ? '' : `${alias}.`;
  return db
    .getMetadata(entity)
    .columns.map((c) => `${prefix}"${c.databaseName}" AS "${c.propertyName}"`)
    .join(', ');
}
