/**
 * What a server says about a connection's user when asked on `$SYS.REQ.USER.INFO` (nats.js's `Context`,
 * the result of `NatsConnectionImpl.context()`): the user, its account and permissions, and the server
 * that answered, its `time` made a Date.
 */
export type Context = {
  server: ContextServer;
  data: ContextUser;
};

/** The server that answered a {@link Context} request. */
export type ContextServer = {
  name: string;
  host: string;
  id: string;
  version: string;
  tags: string[];
  jetstream: boolean;
  flags: number;
  seq: number;
  time: Date;
};

/** The connection's user in a {@link Context}. */
export type ContextUser = {
  user: string;
  account: string;
  permissions?: {
    publish?: ContextPermission;
    subscribe?: ContextPermission;
    responses?: ContextResponsePermission;
  };
};

/** Subjects allowed and denied, in a {@link ContextUser}'s permissions. */
export type ContextPermission = {
  deny?: string[];
  allow?: string[];
};

/** How many replies for how long, in a {@link ContextUser}'s permissions. */
export type ContextResponsePermission = {
  max: number;
  ttl: number;
};

/** The subject a server answers {@link Context} requests on. */
export const USER_INFO_SUBJECT = "$SYS.REQ.USER.INFO";
