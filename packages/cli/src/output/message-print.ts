/**
 * How received messages are shown: natscli's pretty form (`[#1] Received on "demo.x"`, headers, a blank
 * line, the body), the raw body alone, or one JSON object per line for scripts (`--json`).
 */
import type { Msg, MsgHdrs } from "@nats-stack/core";
import { out as c } from "./colors";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Headers as a plain object of arrays (natscli's `nats.Header` JSON shape), or undefined. */
export function headersObject(h: MsgHdrs | undefined): Record<string, string[]> | undefined {
  if (!h) return undefined;
  const o: Record<string, string[]> = {};
  for (const k of h.keys()) o[k] = h.values(k);
  return Object.keys(o).length ? o : undefined;
}

/** The status line of a headers block (`503 No Responders`), when it has one. */
export function statusOf(h: MsgHdrs | undefined): string | undefined {
  return h && h.code ? `${h.code}${h.description ? ` ${h.description}` : ""}` : undefined;
}

/** The JSON line written for a message with `--json`. */
export interface MessageJson {
  subject: string;
  reply?: string;
  headers?: Record<string, string[]>;
  status?: string;
  /** The body as UTF-8 text, when it is valid UTF-8. */
  data?: string;
  /** The body in base64, when it is not valid UTF-8. */
  data_base64?: string;
  size: number;
  [extra: string]: unknown;
}

/** A message as a {@link MessageJson} object (`extra` adds fields such as `rtt_ms`). */
export function messageJson(m: Pick<Msg, "subject" | "reply" | "data" | "headers">, extra: Record<string, unknown> = {}): MessageJson {
  const o: MessageJson = { subject: m.subject, size: m.data.length };
  if (m.reply) o.reply = m.reply;
  const h = headersObject(m.headers);
  if (h) o.headers = h;
  const st = statusOf(m.headers);
  if (st) o.status = st;
  try {
    o.data = strictUtf8.decode(m.data);
  } catch {
    o.data_base64 = Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength).toString("base64");
  }
  return Object.assign(o, extra);
}

/** The header lines (`Key: value`) of a message, natscli style. */
export function headerLines(h: MsgHdrs | undefined): string[] {
  const lines: string[] = [];
  const st = statusOf(h);
  if (st) lines.push(`NATS/1.0 ${st}`);
  const o = headersObject(h);
  if (o) for (const [k, vs] of Object.entries(o)) for (const v of vs) lines.push(`${c.cyan(k)}: ${v}`);
  return lines;
}

/** The body as text followed by a newline (a body already ending in one gets none added). */
export function bodyText(data: Uint8Array): string {
  const s = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
  return s.endsWith("\n") ? s : s + "\n";
}

/** How `sub` prints. */
export interface PrintStyle {
  raw?: boolean;
  json?: boolean;
  headersOnly?: boolean;
  /** With `raw`: print the header lines before the body. */
  headers?: boolean;
  /** Prefix the pretty header with the receive time. */
  timestamp?: boolean;
}

/** The text written to stdout for the `n`th message received. */
export function formatMessage(m: Msg, n: number, style: PrintStyle): string {
  if (style.json) return JSON.stringify(messageJson(m, { seq: n })) + "\n";
  if (style.raw) {
    const h = style.headers || style.headersOnly ? headerLines(m.headers) : [];
    return (h.length ? h.join("\n") + "\n" : "") + (style.headersOnly ? "" : bodyText(m.data));
  }
  const ts = style.timestamp ? ` @ ${new Date().toISOString()}` : "";
  let s = c.bold(`[#${n}]${ts} Received on ${JSON.stringify(m.subject)}`);
  if (m.reply) s += c.bold(` with reply ${JSON.stringify(m.reply)}`);
  s += "\n";
  const h = headerLines(m.headers);
  if (h.length) s += h.join("\n") + "\n\n";
  if (!style.headersOnly) s += bodyText(m.data) + "\n";
  return s;
}
