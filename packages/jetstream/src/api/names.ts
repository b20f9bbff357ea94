/**
 * Checks of stream, consumer, durable and group names before a request is sent, with nats.js's texts (the
 * rules match the nats CLI's: no `.`, `*`, `>`, path separators or whitespace).
 */
import { InvalidNameError } from "./errors";

// Characters a name cannot hold, with how the error shows each.
const BAD: ReadonlyArray<readonly [string, string]> = [
  [".", "."],
  ["*", "*"],
  [">", ">"],
  ["/", "/"],
  ["\\", "\\"],
  [" ", " "],
  ["\t", "\\t"],
  ["\n", "\\n"],
  ["\r", "\\r"],
];

/**
 * Throws unless `name` can name a `context` (`stream`, `durable`, `name`…): `<context> name required` when
 * empty, an {@link InvalidNameError} `<context> name ('<name>') cannot contain '<c>'` otherwise.
 */
export function minValidation(context: string, name = ""): string {
  if (name === "" || name === undefined || name === null) throw new Error(`${context} name required`);
  if (typeof name !== "string") throw new InvalidNameError(`${context} name must be a string`);
  for (const [c, shown] of BAD) {
    if (name.indexOf(c) !== -1) throw new InvalidNameError(`${context} name ('${name}') cannot contain '${shown}'`);
  }
  return "";
}

/** {@link minValidation} for a stream name. */
export function validateStreamName(name?: string): string {
  return minValidation("stream", name);
}

/** {@link minValidation} for a durable (or consumer) name. */
export function validateDurableName(name?: string): string {
  return minValidation("durable", name);
}

/** Why `name` is not made of `[-\w]` only (`cannot contain '<c>'`), or "" when it is. */
export function validName(name = ""): string {
  if (name === "") throw new Error("name required");
  if (/^[-\w]+$/.test(name)) return "";
  for (const c of name) {
    if (!/^[-\w]$/.test(c)) return `cannot contain '${c}'`;
  }
  return "";
}

/** Throws `invalid <context> name - <context> name cannot contain '<c>'` unless `name` is `[-\w]+`. */
export function validateName(context: string, name = ""): void {
  if (name === "") throw new Error(`${context} name required`);
  const m = validName(name);
  if (m.length) throw new Error(`invalid ${context} name - ${context} name ${m}`);
}
