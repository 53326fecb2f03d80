import { type INestApplication, type INestApplicationContext, Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Runtime } from '@temporalio/worker';
import { AppModule, type ProcessRoles } from './app.module';
import { identitySettingsFrom } from './auth/identity-settings';
import { serveSwaggerRedirect, swaggerSignIn, withSignIn } from './auth/openapi';
import { useAuditBodies } from './audit/audit-body';
import type { AppConfig } from './config/app-config';
import { useConsole } from './console/use-console';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { validationPipe } from './common/validation';
import { ReadModelHealthIndicator } from './health/read-model.health';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

function logLevels(config: AppConfig): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL as LogLevel) + 1);
}

/** Nest, not the Temporal runtime, owns SIGINT/SIGTERM: its shutdown hooks drain the worker. */
export function installTemporalRuntime(): void {
  Runtime.install({ shutdownSignals: [] });
}

/** The HTTP application (with the worker too when `roles.worker`), configured but not listening. */
export async function createApiApplication(config: AppConfig, roles: ProcessRoles): Promise<INestApplication> {
  // Before Nest: a missing issuer is a configuration error naming the variable, not a failed injection.
  const identity = identitySettingsFrom(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, roles), {
    logger: logLevels(config),
  });
  // The console first: its requests to the API become API requests before anything else sees them.
  if (roles.api) useConsole(app);
  // Audit routes read their body as bytes, bounded, before the JSON parser (see useAuditBodies).
  if (roles.api) useAuditBodies(app, config);
  app.useBodyParser('json', { limit: '100mb' });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  const document = SwaggerModule.createDocument(
    app,
    withSignIn(
      new DocumentBuilder()
        .setTitle('mandate-tracker')
        .setDescription('Mandates of OAS resolutions: registration, assignment, follow-up, progress reports, closure')
        .setVersion('0.1.0'),
      identity,
    ).build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json', ...swaggerSignIn(identity) });
  serveSwaggerRedirect(app);
  return app;
}

export async function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AppModule.forRoot(config, { api: false, worker: true }), {
    logger: logLevels(config),
  });
}

/** Listens once the read model's schema is current (a worker migrates a fresh database), waiting for it if need be. */
export async function listen(app: INestApplication, config: AppConfig): Promise<void> {
  await app.get(ReadModelHealthIndicator).waitUntilCurrent(config.READ_MODEL_WAIT_SECONDS * 1000);
  await app.listen(config.PORT, config.HOST);
  new Logger('Bootstrap').log(`API on ${await app.getUrl()}, OpenAPI at /docs`);
}
