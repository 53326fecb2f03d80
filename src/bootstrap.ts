import { type INestApplication, type INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule, type ProcessRoles } from './app.module';
import { identitySettingsFrom } from './auth/identity-settings';
import { serveSwaggerRedirect, swaggerSignIn, withSignIn } from './auth/openapi';
import { useAuditBodies } from './audit/audit-body';
import type { AppConfig } from './config/app-config';
import { documentedRoutes } from './common/documented-routes';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { DOCS_PATH, useHttpHardening } from './common/http-hardening';
import { buildOpenApiDocument } from './common/openapi';
import { jsonBodies } from './common/request-body';
import { validationPipe } from './common/validation';
import { useConsole } from './console/use-console';
import { ReadModelHealthIndicator } from './health/read-model.health';
import { observeRequests, reenterRequestScope } from './observability/http-observability';
import { configureLogging, PinoNestLogger } from './observability/logging';

/** Routes whose handlers read the request body themselves, as a stream (an import: a file of any size). */
export const STREAMED_BODY_ROUTES = ['/imports'];

/** The HTTP application (with the worker too when `roles.worker`), configured but not listening. */
export async function createApiApplication(config: AppConfig, roles: ProcessRoles): Promise<INestApplication> {
  // Before Nest: a missing issuer is a configuration error naming the variable, not a failed injection.
  const identity = identitySettingsFrom(config);
  configureLogging(config);
  // Nest's own body parsers are off: the audit routes read their files as bytes (useAuditBodies), jsonBodies reads
  // every other body, bounded, and keeps no raw copy.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, roles), {
    logger: new PinoNestLogger(),
    bodyParser: false,
  });
  // First: the request id, the request's logger, its latency and access line, whatever answers it.
  app.use(observeRequests());
  useHttpHardening(app, config);
  // The console before the API's own middleware: its requests to the API become API requests here.
  if (roles.api) useConsole(app);
  if (roles.api) useAuditBodies(app, config);
  app.use(jsonBodies(config.MAX_BODY_BYTES, STREAMED_BODY_ROUTES));
  app.use(reenterRequestScope());
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  const document = buildOpenApiDocument(app, (builder) => withSignIn(builder, identity));
  app.use(documentedRoutes(document));
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}/openapi.json`,
    ...swaggerSignIn(identity),
  });
  serveSwaggerRedirect(app);
  return app;
}

export async function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  configureLogging(config);
  return NestFactory.createApplicationContext(AppModule.forRoot(config, { api: false, worker: true }), {
    logger: new PinoNestLogger(),
  });
}

/** Listens once the read model's schema is current (a worker migrates a fresh database), waiting for it if need be. */
export async function listen(app: INestApplication, config: AppConfig): Promise<void> {
  await app.get(ReadModelHealthIndicator).waitUntilCurrent(config.READ_MODEL_WAIT_SECONDS * 1000);
  await app.listen(config.PORT, config.HOST);
  new Logger('Bootstrap').log(`API on ${await app.getUrl()}, OpenAPI at /docs`);
}
