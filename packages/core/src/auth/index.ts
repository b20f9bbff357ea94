/**
 * Authentication for core: the authenticators, `buildAuthenticator`, the credential types and the `nkeys`
 * namespace, exactly the auth names nats.js's public entry exports. Re-exported from core's entry point.
 */
export type { Auth, Authenticator, JwtAuth, NKeyAuth, NoAuth, TokenAuth, UserPass } from "./auth-types";
export {
  credsAuthenticator,
  jwtAuthenticator,
  nkeyAuthenticator,
  tokenAuthenticator,
  usernamePasswordAuthenticator,
} from "./authenticators";
export { buildAuthenticator } from "./build-authenticator";
export * as nkeys from "./nkeys";
