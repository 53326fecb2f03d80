import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { MandatesModule } from '../mandates/mandates.module';
import { AccessTokenVerifier } from './access-token.verifier';
import { identitySettingsFrom } from './identity-settings';
import { WorkflowMandateFacts } from './mandate-facts';
import { MandateFacts, PolicyGuard } from './policy.guard';

/** Sign-in and the policy, on every route of the API (a global guard). */
@Module({
  imports: [MandatesModule],
  providers: [
    {
      provide: AccessTokenVerifier,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new AccessTokenVerifier(identitySettingsFrom(config)),
    },
    { provide: MandateFacts, useClass: WorkflowMandateFacts },
    { provide: APP_GUARD, useClass: PolicyGuard },
  ],
})
export class AuthModule {}
