/** The embedded provider's own clients, which the API and `npm run token` name too. */

/** The public client of Swagger UI and the console: authorization code with PKCE, from the API's pages. */
export const CONSOLE_CLIENT_ID = 'mandate-console';
/** The public client of `npm run token`: authorization code with PKCE and a loopback redirect (RFC 8252). */
export const CLI_CLIENT_ID = 'mandate-cli';
export const CLI_REDIRECT_URI = 'http://127.0.0.1/callback';
/** Where Swagger UI, served at /docs, sends the browser back with the authorization code (src/auth/openapi.ts). */
export const SWAGGER_REDIRECT_PATH = '/oauth2-redirect.html';
/** Where the console's backend-for-frontend (src/console) receives the code, and where a sign-out returns. */
export const CONSOLE_CALLBACK_PATH = '/console/auth/callback';
export const CONSOLE_SIGNED_OUT_PATH = '/console/';
