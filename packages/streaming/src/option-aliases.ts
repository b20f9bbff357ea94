/**
 * The other names node-nats-streaming (and nats@1 under it) accept for some options. Programs written for it
 * use them (`uri`, `urls`, `password`, `client`…), so they map here, in node-nats-streaming's `parseOptions`
 * order: an alias given beats the option's own name, and of two aliases of one option the later one wins.
 */
import type { StanOptions } from "./options";

/** Each alias and the option it stands for, in node-nats-streaming's order. */
export const OPTION_ALIASES = [
  ["client", "name"],
  ["credentials", "userCreds"],
  ["dontRandomize", "noRandomize"],
  ["jwt", "userJWT"],
  ["JWT", "userJWT"],
  ["nkeys", "nkey"],
  ["NoRandomize", "noRandomize"],
  ["password", "pass"],
  ["secure", "tls"],
  ["sig", "nonceSigner"],
  ["sigCB", "nonceSigner"],
  ["sigCallback", "nonceSigner"],
  ["sigcb", "nonceSigner"],
  ["uri", "url"],
  ["urls", "servers"],
  ["usercreds", "userCreds"],
  ["userjwt", "userJWT"],
] as const;

/** node-nats-streaming's aliases, each typed as the option it stands for. */
export interface StanOptionAliases {
  /** Alias of `name`. */
  client?: StanOptions["name"];
  /** Alias of `userCreds`. */
  credentials?: StanOptions["userCreds"];
  /** Alias of `noRandomize`. */
  dontRandomize?: StanOptions["noRandomize"];
  /** Alias of `userJWT`. */
  jwt?: StanOptions["userJWT"];
  /** Alias of `userJWT`. */
  JWT?: StanOptions["userJWT"];
  /** Alias of `nkey`. */
  nkeys?: StanOptions["nkey"];
  /** Alias of `noRandomize`. */
  NoRandomize?: StanOptions["noRandomize"];
  /** Alias of `pass`. */
  password?: StanOptions["pass"];
  /** Alias of `tls`. */
  secure?: StanOptions["tls"];
  /** Alias of `nonceSigner`. */
  sig?: StanOptions["nonceSigner"];
  /** Alias of `nonceSigner`. */
  sigCB?: StanOptions["nonceSigner"];
  /** Alias of `nonceSigner`. */
  sigCallback?: StanOptions["nonceSigner"];
  /** Alias of `nonceSigner`. */
  sigcb?: StanOptions["nonceSigner"];
  /** Alias of `url`. */
  uri?: StanOptions["url"];
  /** Alias of `servers`. */
  urls?: StanOptions["servers"];
  /** Alias of `userCreds`. */
  usercreds?: StanOptions["userCreds"];
  /** Alias of `userJWT`. */
  userjwt?: StanOptions["userJWT"];
}

/** A copy of `given` with every alias replaced by the option it stands for (the alias keys are dropped). */
export function resolveAliases(given: StanOptions): StanOptions {
  const out: Record<string, unknown> = { ...given };
  for (const [alias, name] of OPTION_ALIASES) {
    delete out[alias];
    const v = (given as Record<string, unknown>)[alias];
    if (v !== undefined) out[name] = v;
  }
  return out as StanOptions;
}
