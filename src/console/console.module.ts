import { Module } from '@nestjs/common';
import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { identitySettingsFrom } from '../auth/identity-settings';
import { AppConfig } from '../config/app-config';
import { consoleOrigins } from '../identity-provider/console-origins';
import { ConsoleAuthController } from './console-auth.controller';
import { ConsoleAuthService, ConsoleOrigins } from './console-auth.service';
import { ConsoleSessions } from './console-sessions';
import { ConsoleSignIn } from './console-sign-in';

/** The console's backend-for-frontend: sign-in, sessions, and (./use-console.ts) the SPA and its door to the API. */
@Module({
  controllers: [ConsoleAuthController],
  providers: [
    ConsoleAuthService,
    { provide: ConsoleSessions, useFactory: () => new ConsoleSessions() },
    {
      provide: ConsoleOrigins,
      inject: [AppConfig],
      useFactory: (c: AppConfig) => new ConsoleOrigins(consoleOrigins(c)),
    },
    {
      provide: ConsoleSignIn,
      inject: [AppConfig],
      useFactory: (c: AppConfig) => new ConsoleSignIn(identitySettingsFrom(c).issuer, c.OIDC_CONSOLE_CLIENT_ID),
    },
    {
      provide: AccessTokenVerifier,
      inject: [AppConfig],
      useFactory: (c: AppConfig) => new AccessTokenVerifier(identitySettingsFrom(c)),
    },
  ],
  exports: [ConsoleSessions, ConsoleOrigins],
})
export class ConsoleModule {}
