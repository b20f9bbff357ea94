/**
 * Bucket names and keys checked before connecting, with the key-value store's own rules and texts
 * (`invalid bucket name: a.b`, `invalid key: a b`), so a typo fails before anything is sent.
 */
import { validateBucket, validateKey, validateSearchKey } from "@nats-stack/jetstream/kv";
import { usageError } from "../output/cli-error";

function checked(check: (s: string) => void, value: string, hint?: string): string {
  try {
    check(value);
    // nats.js's key rule lets `a..b` through to fail later as a subject; said here in the key's words.
    if (check !== validateBucket && value.includes("..")) throw new Error(`invalid key: ${value}`);
  } catch (e) {
    throw usageError((e as Error).message, hint);
  }
  return value;
}

/** A bucket name: letters, digits, `_` and `-`. */
export function checkBucketName(name: string): string {
  return checked(validateBucket, name, "a bucket name holds letters, digits, '_' and '-'");
}

/** A key a value is stored under: letters, digits, `-`, `/`, `=`, `_` and `.` (not at either end, never two in a row). */
export function checkKey(key: string): string {
  return checked(validateKey, key, "a key holds letters, digits, '-', '/', '=', '_' and '.', with no '.' at either end");
}

/** A key or a filter over keys (`color`, `user.*`, `user.>`). */
export function checkKeyFilter(key: string): string {
  return checked(validateSearchKey, key, "a key or a filter with '*' and a last '>'");
}
