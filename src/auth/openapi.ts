import type { INestApplication } from '@nestjs/common';
import type { DocumentBuilder, SwaggerCustomOptions } from '@nestjs/swagger';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SWAGGER_REDIRECT_PATH } from '../identity-provider/clients';
import { BEARER_SCHEME, OIDC_SCHEME } from './decorators';
import type { IdentitySettings } from './identity-settings';

/**
 * The security schemes routes declare (`@Allow`): a bearer JWT, and the issuer's OpenID Connect discovery, through
 * which Swagger UI signs in (authorization code with PKCE, the console's public client).
 */
export function withSignIn(builder: DocumentBuilder, settings: IdentitySettings): DocumentBuilder {
  return builder
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'An access token (with the embedded provider: `npm run -s token -- maria.gonzalez`)',
      },
      BEARER_SCHEME,
    )
    .addSecurity(OIDC_SCHEME, {
      type: 'openIdConnect',
      openIdConnectUrl: `${settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
      description: `Sign in at ${settings.issuer}`,
    });
}

/**
 * Swagger UI at /docs names `<origin>/oauth2-redirect.html` as its redirect URI (its page's folder), where
 * @nestjs/swagger serves nothing: the page swagger-ui-dist ships for it (and its script) are served there, openly,
 * as /docs is.
 */
export function serveSwaggerRedirect(app: INestApplication): void {
  const swagger = dirname(require.resolve('@nestjs/swagger'));
  const page = SWAGGER_REDIRECT_PATH.replace(/\.html$/, '');
  for (const [extension, type] of [
    ['html', 'html'],
    ['js', 'js'],
  ] as const) {
    const file = require.resolve(`swagger-ui-dist${page}.${extension}`, { paths: [swagger] });
    const body = readFileSync(file, 'utf8');
    app.getHttpAdapter().get(`${page}.${extension}`, (_req: unknown, res: Response) => {
      res.type(type).send(body);
    });
  }
}

export function swaggerSignIn(settings: IdentitySettings): SwaggerCustomOptions {
  return {
    swaggerOptions: {
      // Swagger UI would otherwise send the document to an outside validator, which the CSP blocks anyway.
      validatorUrl: null,
      initOAuth: {
        clientId: settings.consoleClientId,
        usePkceWithAuthorizationCodeGrant: true,
        scopes: ['openid', 'profile', 'email'],
      },
    },
  };
}
