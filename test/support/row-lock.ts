import { DataSource } from 'typeorm';
import { readModelDataSourceOptions } from '../../src/database/read-model';

/** A mandate's read-model row held FOR UPDATE in an open transaction: its projection activities wait on it. */
export interface RowLock {
  release(): Promise<void>;
}

export async function lockMandateRow(databaseUrl: string, mandateId: string): Promise<RowLock> {
  const db = new DataSource(readModelDataSourceOptions(databaseUrl, false));
  await db.initialize();
  const tx = db.createQueryRunner();
  try {
    await tx.startTransaction();
    await tx.query('SELECT 1 FROM mandates WHERE id = $1 FOR UPDATE', [mandateId]);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  let released: Promise<void> | undefined;
  return {
    release: () =>
      (released ??= (async () => {
        try {
          await tx.commitTransaction();
        } finally {
          await tx.release();
          await db.destroy();
        }
      })()),
  };
}
