/**
 * The simulated bank's statement for an application: what the merchant would read on its account
 * (the micro-deposit amount). Development only: npm run statement -- <applicationId>
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions, PayoutRepository } from '@mo/persistence';
import { devDatabaseUrl } from './lib/dev-database';

async function main(): Promise<void> {
  const applicationId = process.argv[2];
  if (!applicationId || !/^[0-9a-f-]{36}$/i.test(applicationId)) {
    process.stderr.write('usage: npm run statement -- <applicationId>\n');
    process.exit(2);
  }
  const url = devDatabaseUrl();
  const db = await new DataSource(dataSourceOptions(url, 'merchant-onboarding-statement')).initialize();
  try {
    const transfers = await new PayoutRepository(db).listForApplication(applicationId);
    if (transfers.length === 0) {
      process.stderr.write('no micro-deposit sent to this application yet\n');
      process.exitCode = 1;
    }
    for (const t of transfers) {
      process.stdout.write(
        `${t.createdAt.toISOString()} credit ${(t.amountCents / 100).toFixed(2)} CNY  (transfer ${t.id})\n`,
      );
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `statement failed: ${err instanceof Error ? err.message : String(err)} (is npm start running?)\n`,
  );
  process.exit(1);
});
