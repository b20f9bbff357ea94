/**
 * Parsing of `.creds` files (what `nsc` writes): a user JWT and a user seed, each between dashed fence
 * lines, with free text around them:
 *
 * ```
 * -----BEGIN NATS USER JWT-----
 * eyJ0eXAiOi…
 * ------END NATS USER JWT------
 *
 * ************************* IMPORTANT *************************
 * …
 * -----BEGIN USER NKEY SEED-----
 * SUAM…
 * ------END USER NKEY SEED------
 * ```
 *
 * Tolerates what real files vary in: dash counts (3 or more), CRLF line ends, indentation, a missing final
 * newline, a block split over several lines. nats.js's regular expression needs LF and a newline after the
 * last fence; this reads fence lines instead.
 */
import { fromUtf8, isBytes } from "./bytes";
import { InvalidArgumentError } from "../errors";

/** The two secrets of a creds file. */
export interface Creds {
  /** The user JWT. */
  jwt: string;
  /** The user seed text (`SU…`). */
  seed: string;
}

// A fence: 3+ dashes, a label, 3+ dashes ("-----BEGIN NATS USER JWT-----", "------END USER NKEY SEED------").
const FENCE = /^-{3,}\s*([^-].*?)\s*-{3,}$/;

interface Block {
  label: string;
  body: string;
}

function blocks(text: string): Block[] {
  const out: Block[] = [];
  let open: { label: string; lines: string[] } | undefined;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.trim();
    const fence = FENCE.exec(line);
    if (!open) {
      if (fence) open = { label: fence[1]!.toUpperCase(), lines: [] };
    } else if (fence) {
      out.push({ label: open.label, body: open.lines.join("") });
      open = undefined;
    } else if (line) {
      open.lines.push(line);
    }
  }
  return out;
}

/**
 * Reads the JWT and the seed out of a creds file (text or UTF-8 bytes). The block labelled `…JWT…` is the
 * JWT and the one labelled `…SEED…` the seed; without such labels, the first block and the second, as
 * nats.js reads them. Throws {@link InvalidArgumentError} (`'creds' …`) when either is missing.
 */
export function parseCreds(creds: Uint8Array | string): Creds {
  let text: string;
  if (typeof creds === "string") text = creds;
  else if (isBytes(creds)) text = fromUtf8(creds);
  else throw InvalidArgumentError.format("creds", "must be a Uint8Array, a string or a function returning one");
  const found = blocks(text).filter((b) => b.body.length > 0);
  const jwt = found.find((b) => b.label.includes("JWT")) ?? found[0];
  const seed = found.find((b) => b.label.includes("SEED")) ?? found.find((b) => b !== jwt);
  if (!jwt || !seed || jwt === seed) {
    throw InvalidArgumentError.format("creds", "unable to parse credentials: expected a user JWT block and a seed block");
  }
  return { jwt: jwt.body, seed: seed.body };
}
