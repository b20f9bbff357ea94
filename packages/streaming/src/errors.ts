/**
 * Typed errors of the STAN client. `message` is the exact text node-nats-streaming users match on (the
 * client's own texts) or the server's text, unchanged; `code` is stable and never localised.
 */

/** Stable codes of every STAN error, client-side and server-side. */
export const StanErrorCode = {
  // Raised by this client.
  BadClusterId: "STAN_ERR_BAD_CLUSTER_ID",
  BadClientId: "STAN_ERR_BAD_CLIENT_ID",
  BadSubject: "STAN_ERR_BAD_SUBJECT",
  BadSubscription: "STAN_ERR_BAD_SUBSCRIPTION",
  BadOption: "STAN_ERR_BAD_OPTION",
  BinaryEncodingRequired: "STAN_ERR_BINARY_ENCODING_REQUIRED",
  UnsupportedConnection: "STAN_ERR_UNSUPPORTED_CONNECTION",
  ConnectionClosed: "STAN_ERR_CONNECTION_CLOSED",
  ConnectTimeout: "STAN_ERR_CONNECT_TIMEOUT",
  CloseTimeout: "STAN_ERR_CLOSE_TIMEOUT",
  SubscribeTimeout: "STAN_ERR_SUBSCRIBE_TIMEOUT",
  UnsubscribeTimeout: "STAN_ERR_UNSUBSCRIBE_TIMEOUT",
  PubAckTimeout: "STAN_ERR_PUB_ACK_TIMEOUT",
  MaxInFlight: "STAN_ERR_MAX_IN_FLIGHT",
  PingFailure: "STAN_ERR_PING_FAILURE",
  NoServerSupport: "STAN_ERR_NO_SERVER_SUPPORT",
  Request: "STAN_ERR_REQUEST",
  NoResponders: "STAN_ERR_NO_RESPONDERS",
  // Returned by the server (see PROTOCOL-FACTS.md, "Error strings").
  ClientIdRegistered: "STAN_ERR_CLIENT_ID_REGISTERED",
  InvalidClientId: "STAN_ERR_INVALID_CLIENT_ID",
  InvalidConnectionRequest: "STAN_ERR_INVALID_CONNECTION_REQUEST",
  InvalidPublishRequest: "STAN_ERR_INVALID_PUBLISH_REQUEST",
  InvalidSubject: "STAN_ERR_INVALID_SUBJECT",
  InvalidAckWait: "STAN_ERR_INVALID_ACK_WAIT",
  InvalidMaxInflight: "STAN_ERR_INVALID_MAX_INFLIGHT",
  InvalidStartPosition: "STAN_ERR_INVALID_START_POSITION",
  ClientIdMissing: "STAN_ERR_CLIENT_ID_MISSING",
  UnknownClientId: "STAN_ERR_UNKNOWN_CLIENT_ID",
  DuplicateDurable: "STAN_ERR_DUPLICATE_DURABLE",
  InvalidDurableName: "STAN_ERR_INVALID_DURABLE_NAME",
  UnknownChannel: "STAN_ERR_UNKNOWN_CHANNEL",
  InvalidSubscription: "STAN_ERR_INVALID_SUBSCRIPTION",
  InvalidUnsubscribeRequest: "STAN_ERR_INVALID_UNSUBSCRIBE_REQUEST",
  InvalidCloseRequest: "STAN_ERR_INVALID_CLOSE_REQUEST",
  ClientReplaced: "STAN_ERR_CLIENT_REPLACED",
  Server: "STAN_ERR_SERVER",
} as const;
/** One of {@link StanErrorCode}'s values. */
export type StanErrorCode = (typeof StanErrorCode)[keyof typeof StanErrorCode];

/** The texts node-nats-streaming raises itself; kept letter for letter because users compare them. */
export const StanErrorText = {
  BadClusterId: "stan: cluster ID must be supplied",
  BadClientId: "stan: client ID must be supplied",
  BadSubject: "stan: subject must be supplied",
  BadSubscription: "stan: invalid subscription",
  BinaryEncodingRequired: "stan: NATS connection encoding must be 'binary'.",
  UnsupportedConnection:
    "stan: option 'nc' must be a @nats-stack/core connection (a nats@1 connection is not supported: open one with @nats-stack/core's connect, or leave out 'nc')",
  ConnectionClosed: "stan: Connection closed",
  ConnectTimeout: "stan: connect request timeout",
  CloseTimeout: "stan: close request timeout",
  SubscribeTimeout: "stan: subscribe request timeout",
  UnsubscribeTimeout: "stan: unsubscribe request timeout",
  PubAckTimeout: "stan: publish ack timeout",
  MaxInFlight: "stan: max in flight reached.",
  PingFailure: "stan: connection lost due to PING failure",
  NoServerSupport: "stan: not supported by server",
} as const;

// Server texts, verbatim, and the code each one gets. Matched by prefix where the server appends detail.
const SERVER_TEXTS: ReadonlyArray<[string, StanErrorCode]> = [
  ["stan: clientID already registered", StanErrorCode.ClientIdRegistered],
  ["stan: invalid clientID", StanErrorCode.InvalidClientId],
  ["stan: invalid connection request", StanErrorCode.InvalidConnectionRequest],
  ["stan: invalid publish request", StanErrorCode.InvalidPublishRequest],
  ["stan: invalid subject", StanErrorCode.InvalidSubject],
  ["stan: invalid ack wait time", StanErrorCode.InvalidAckWait],
  ["stan: invalid MaxInflight", StanErrorCode.InvalidMaxInflight],
  ["stan: invalid start position", StanErrorCode.InvalidStartPosition],
  ["stan: clientID missing", StanErrorCode.ClientIdMissing],
  ["stan: unknown clientID", StanErrorCode.UnknownClientId],
  ["stan: duplicate durable registration", StanErrorCode.DuplicateDurable],
  ["stan: durable name of a durable queue subscriber", StanErrorCode.InvalidDurableName],
  ["stan: unknown channel", StanErrorCode.UnknownChannel],
  ["stan: invalid subscription", StanErrorCode.InvalidSubscription],
  ["stan: invalid unsubscribe request", StanErrorCode.InvalidUnsubscribeRequest],
  ["stan: invalid close request", StanErrorCode.InvalidCloseRequest],
  ["client has been replaced or is no longer registered", StanErrorCode.ClientReplaced],
];

/**
 * Every error of the STAN client. `message` is node-nats-streaming's text (or the server's, verbatim), so
 * code that matches `err.message` keeps working; match `code` in new code.
 */
export class StanError extends Error {
  readonly code: StanErrorCode;
  /** True when the text came from the STAN server. */
  readonly server: boolean;

  constructor(code: StanErrorCode, message: string, options?: ErrorOptions & { server?: boolean }) {
    super(message, options);
    this.name = "StanError";
    this.code = code;
    this.server = options?.server ?? false;
  }

  /** A client-side error with node-nats-streaming's text for it. */
  static of(key: keyof typeof StanErrorText, options?: ErrorOptions): StanError {
    return new StanError(StanErrorCode[key], StanErrorText[key], options);
  }

  /** The error for a text a server put in a response's `error` field; unknown texts get `STAN_ERR_SERVER`. */
  static fromServer(text: string): StanError {
    const hit = SERVER_TEXTS.find(([t]) => text.startsWith(t));
    return new StanError(hit ? hit[1] : StanErrorCode.Server, text, { server: true });
  }
}
