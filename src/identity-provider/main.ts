// The embedded OpenID provider on its own (`npm start` runs it in-process): for the tests, and for trials beside
// `start:api` (docker-compose's `idp` profile). SIGHUP rotates its signing key.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { runMain } from '../run-main';
import { consoleOrigins } from './console-origins';
import { startIdentityProvider } from './embedded-provider';

runMain(async (config) => {
  const logger = new Logger('IdentityProvider');
  const provider = await startIdentityProvider({
    host: config.HOST,
    port: config.EMBEDDED_OIDC_PORT,
    dataDir: config.DATA_DIR,
    audience: config.OIDC_AUDIENCE,
    consoleOrigins: consoleOrigins(config),
  });
  logger.log(`OpenID provider on ${provider.issuer}`);
  process.on('SIGHUP', () => {
    void provider.rotateSigningKey().then((kid) => logger.log(`signing key rotated: ${kid} signs from now on`));
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void provider.stop().then(() => process.exit(0)));
  }
});
