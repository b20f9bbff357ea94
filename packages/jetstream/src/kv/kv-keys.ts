/**
 * Validation of bucket names and keys, with nats.js's rules and texts: a key is made of letters, digits,
 * `_`, `-`, `/`, `=` and `.` (not at either end); a search key may also hold `*` and `>`; a bucket name is
 * letters, digits, `_` and `-`. Checked before anything is sent.
 */

const validKeyRe = /^[-/=.\w]+$/;
const validSearchKeyRe = /^[-/=.>*\w]+$/;
const validBucketRe = /^[-\w]+$/;

/** Throws `invalid key: <k>` unless `k` is a key a value can be stored under. */
export function validateKey(k: string): void {
  if (typeof k !== "string" || k.startsWith(".") || k.endsWith(".") || !validKeyRe.test(k)) {
    throw new Error(`invalid key: ${k}`);
  }
}

/** Throws `invalid key: <k>` unless `k` is a key or a filter (`*`, `>`) over keys. */
export function validateSearchKey(k: string): void {
  if (typeof k !== "string" || k.startsWith(".") || k.endsWith(".") || k.includes("..") || !validSearchKeyRe.test(k)) {
    throw new Error(`invalid key: ${k}`);
  }
}

/** Whether `k` holds a wildcard token; throws `invalid key: <k>` for a `>` that is not last or a dot at an end. */
export function hasWildcards(k: string): boolean {
  if (typeof k !== "string" || k.startsWith(".") || k.endsWith(".")) throw new Error(`invalid key: ${k}`);
  const tokens = k.split(".");
  let wild = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === "*") wild = true;
    else if (t === ">") {
      if (i !== tokens.length - 1) throw new Error(`invalid key: ${k}`);
      wild = true;
    }
  }
  return wild;
}

/** Throws `invalid bucket name: <name>` unless `name` is a valid bucket name. */
export function validateBucket(name: string): void {
  if (typeof name !== "string" || !validBucketRe.test(name)) throw new Error(`invalid bucket name: ${name}`);
}
