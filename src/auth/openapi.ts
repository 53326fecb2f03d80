import type { DocumentBuilder, SwaggerCustomOptions } from '@nestjs/swagger';
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
        description: 'An access token: npm run -s token -- <user>',
      },
      BEARER_SCHEME,
    )
    .addSecurity(OIDC_SCHEME, {
      type: 'openIdConnect',
      openIdConnectUrl: `${settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
      description: `Sign in at ${settings.issuer}`,
    });
}

export function swaggerSignIn(settings: IdentitySettings): SwaggerCustomOptions {
  return {
    swaggerOptions: {
      initOAuth: {
        clientId: settings.consoleClientId,
        usePkceWithAuthorizationCodeGrant: true,
        scopes: ['openid', 'profile', 'email'],
      },
    },
  };
}
