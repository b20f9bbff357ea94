/**
 * Stored and consumed JetStream messages as natscli shows them (`stream get`: `Item: ORDERS#5 received …`,
 * `stream view`: `[5] Subject: … Received: …`, `consumer next`: `[15:04:05] subj: … / tries: 1 / cons seq: 1
 * / str seq: 1 / pending: 0`), or one JSON object per message (`--json`) in the shape `sub --json` uses, with
 * the stream's positions added.
 */
import type { JsMsg, StoredMsg } from "@nats-stack/jetstream";
import { out as c } from "../output/colors";
import { bodyText, headerLines, messageJson, type MessageJson } from "../output/message-print";
import { localTime, sinceText } from "../output/time-text";

function clock(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function headersBlock(m: { headers?: StoredMsg["header"] }): string {
  const h = headerLines(m.headers);
  return h.length ? `Headers:\n\n${h.map((l) => `  ${l}`).join("\n")}\n\n` : "";
}

/** A stored message's headers, or undefined when it has none (StoredMsg always has a header object). */
function storedHeaders(sm: StoredMsg): StoredMsg["header"] | undefined {
  return sm.header && [...sm.header.keys()].length ? sm.header : undefined;
}

/** `stream get`, pretty. */
export function storedMessageText(stream: string, sm: StoredMsg): string {
  const head = c.bold(`Item: ${stream}#${sm.seq} received ${localTime(sm.time)} (${sinceText(sm.timestamp)} ago) on Subject ${sm.subject}`);
  return `${head}\n\n${headersBlock({ headers: storedHeaders(sm) })}${bodyText(sm.data)}`;
}

/** `stream get --json`. */
export function storedMessageJson(stream: string, sm: StoredMsg): MessageJson {
  return messageJson({ subject: sm.subject, data: sm.data, headers: storedHeaders(sm), reply: "" }, { stream, seq: sm.seq, time: sm.timestamp });
}

/** A consumed message's JSON line (`stream view --json`, `consumer next --json`). */
export function jsMsgJson(m: JsMsg): MessageJson {
  const i = m.info;
  return messageJson(
    { subject: m.subject, data: m.data, headers: m.headers, reply: "" },
    { stream: i.stream, seq: i.streamSequence, consumer: i.consumer, consumer_seq: i.deliverySequence, delivered: i.deliveryCount, pending: i.pending, time: m.timestamp },
  );
}

/** `stream view`, pretty. */
export function viewMessageText(m: JsMsg): string {
  const head = c.bold(`[${m.info.streamSequence}] Subject: ${m.subject} Received: ${localTime(m.time)}`);
  const h = headerLines(m.headers);
  return `${head}\n${h.length ? `\n${h.map((l) => `  ${l}`).join("\n")}\n` : ""}\n${bodyText(m.data)}\n`;
}

/** `consumer next`, pretty. */
export function nextMessageText(m: JsMsg): string {
  const i = m.info;
  const head = c.bold(`[${clock()}] subj: ${m.subject} / tries: ${i.deliveryCount} / cons seq: ${i.deliverySequence} / str seq: ${i.streamSequence} / pending: ${i.pending.toLocaleString("en-US")}`);
  return `${head}\n\n${headersBlock({ headers: m.headers })}${bodyText(m.data)}`;
}
