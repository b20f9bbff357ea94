/** Version of @nats-stack/core, sent in CONNECT. */
export const VERSION = "0.1.0";
