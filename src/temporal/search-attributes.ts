import { Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_DECLARATIONS } from '../../workflows/mandate/contract';
import { type AppConfig, ConfigError } from '../config/app-config';

/**
 * Whether new mandates keep their search attributes up to date: only when the namespace declares them all (a
 * workflow that upserts an undeclared attribute fails its every task). Checked once, when the API starts.
 */
export async function searchAttributesEnabled(client: Client, config: AppConfig): Promise<boolean> {
  if (config.TEMPORAL_SEARCH_ATTRIBUTES === 'off') return false;
  const { customAttributes } = await client.connection.operatorService.listSearchAttributes({
    namespace: config.TEMPORAL_NAMESPACE,
  });
  const declared = new Set(Object.keys(customAttributes ?? {}));
  const missing = SEARCH_ATTRIBUTE_DECLARATIONS.filter(([name]) => !declared.has(name)).map(
    ([name, type]) => `${name}=${type}`,
  );
  if (missing.length === 0) return true;
  const message =
    `the namespace ${config.TEMPORAL_NAMESPACE} does not declare the search attributes ${missing.join(', ')} ` +
    '(docker/temporal-namespace.sh declares them)';
  if (config.TEMPORAL_SEARCH_ATTRIBUTES === 'on') throw new ConfigError([`TEMPORAL_SEARCH_ATTRIBUTES=on: ${message}`]);
  new Logger('SearchAttributes').warn(`${message}; new mandates will not set them`);
  return false;
}

/** What the API knows of the namespace's search attributes (a provider: checked once, at start). */
export class SearchAttributeSupport {
  constructor(readonly enabled: boolean) {}
}
