import type { DataSource } from 'typeorm';
import { outboxDeliveries, outboxOldestUnsent } from './metrics';

interface UnsentRow {
  status: string;
  channel: string;
  deliveries: number;
  oldest_seconds: number;
}

/**
 * Reads the notification outbox's backlog into its gauges, at each scrape: what is not sent yet, by status and
 * channel, and how long the oldest delivery still to make has waited. One grouped query on the status index.
 */
export async function collectOutboxGauges(dataSource: DataSource): Promise<void> {
  const rows = await dataSource.query<UnsentRow[]>(
    `SELECT status, channel, count(*)::int AS deliveries,
            extract(epoch FROM now() - min(created_at))::float8 AS oldest_seconds
       FROM notification_outbox
      WHERE status IN ('pending', 'failing', 'undeliverable')
      GROUP BY status, channel`,
  );
  outboxDeliveries.reset();
  let oldest = 0;
  for (const row of rows) {
    outboxDeliveries.set({ status: row.status, channel: row.channel }, row.deliveries);
    // Undeliverable ones (no address) wait for nothing: they are counted, not aged.
    if (row.status !== 'undeliverable') oldest = Math.max(oldest, row.oldest_seconds);
  }
  outboxOldestUnsent.set(oldest);
}
