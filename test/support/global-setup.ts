import { startTestServers, type TestServers } from './servers';

declare global {
  var __testServers: TestServers | undefined;
}

export default async function globalSetup(): Promise<void> {
  const servers = await startTestServers();
  globalThis.__testServers = servers;
  // Test files run in workers forked after this point; they read the addresses from the environment.
  process.env.TEST_TEMPORAL_ADDRESS = servers.temporalAddress;
  process.env.TEST_DATABASE_URL = servers.databaseUrl;
  process.env.TEST_OIDC_ISSUER_URL = servers.issuer;
}
