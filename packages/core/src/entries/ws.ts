/**
 * @nats-stack/core over WebSocket (`@nats-stack/core` under the `browser` and `default` conditions, or
 * `@nats-stack/core/ws`): for browsers and any runtime with a global `WebSocket`. `connect` is `wsconnect`,
 * since a WebSocket is the only transport there.
 * @packageDocumentation
 */
export * from "../mod";
import { wsconnect } from "../connection/wsconnect";
export { wsconnect };

/** Connects over WebSocket: the same as {@link wsconnect}. */
export const connect = wsconnect;
