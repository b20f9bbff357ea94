/**
 * Stored values for people, as natscli shows them (`kv get`, `kv history`): text when the bytes are printable
 * UTF-8, base64 otherwise, and long values cut in the middle for a table cell.
 */

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The value as text when it is valid UTF-8 without control characters (tabs and line breaks allowed). */
export function printableText(data: Uint8Array): string | undefined {
  let s: string;
  try {
    s = strictUtf8.decode(data);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s) ? undefined : s;
}

/** natscli's Base64IfNotPrintable: the text, or the bytes in base64. */
export function base64IfNotPrintable(data: Uint8Array): string {
  return printableText(data) ?? Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
}

/** A value for a table cell: longer than 40 characters, its first and last 15 around `...` (natscli's cut). */
export function shortValue(data: Uint8Array): string {
  const v = base64IfNotPrintable(data);
  return v.length > 40 ? `${v.slice(0, 15)}...${v.slice(-15)}` : v;
}

/** `{ value }` when the bytes are UTF-8 (JSON carries any text), else `{ value_base64 }`, as `sub --json` does for bodies. */
export function valueJson(data: Uint8Array): { value: string } | { value_base64: string } {
  try {
    return { value: strictUtf8.decode(data) };
  } catch {
    return { value_base64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64") };
  }
}
