import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { MandateEventEntity } from '../database/mandate-event.entity';
import { MandateViewEntity } from '../database/mandate-view.entity';
import { MandatesModule } from '../mandates/mandates.module';
import { AccessTokenVerifier } from './access-token.verifier';
import { identitySettingsFrom } from './identity-settings';
import { ReadModelMandateFacts } from './mandate-facts';
import { MandateFacts, PolicyGuard } from './policy.guard';

/** Sign-in and the policy, on every route of the API (a global guard). */
@Module({
  imports: [MandatesModule, TypeOrmModule.forFeature([MandateViewEntity, MandateEventEntity])],
  providers: [
    {
      provide: AccessTokenVerifier,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new AccessTokenVerifier(identitySettingsFrom(config)),
    },
    { provide: MandateFacts, useClass: ReadModelMandateFacts },
    { provide: APP_GUARD, useClass: PolicyGuard },
  ],
})
export class AuthModule {}
