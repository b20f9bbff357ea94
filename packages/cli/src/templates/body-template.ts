/**
 * natscli's message templates (Go text/template with its functions) for bodies, subjects and header values:
 * `{{Count}}` (the message number, from 1), `{{Cnt}}`, `{{TimeStamp}}` (RFC 3339), `{{Time}}` (3:04PM),
 * `{{Unix}}`, `{{UnixNano}}`, `{{ID}}` (a NUID), `{{UUID}}`, `{{Random 10 100}}` (10 to 100 random letters
 * and digits), `{{Request}}` (the request body, in `reply`), and the same names as fields (`{{.Count}}`).
 * A template is checked when compiled, so a typo fails before anything is sent.
 */
import { randomUUID } from "node:crypto";
import { nuid } from "@nats-stack/core";
import { usageError } from "../output/cli-error";

/** Values a template is rendered with. */
export interface TemplateContext {
  /** The message number (natscli counts from 1). */
  count: number;
  /** The request body, for `reply`. */
  request?: string;
  /** The time of rendering (default now). */
  now?: Date;
}

type Part = string | ((ctx: TemplateContext, now: Date) => string);

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** A random string of letters and digits, at least `min` long and at most `max`. */
export function randomString(min: number, max: number): string {
  const lo = Math.max(0, Math.min(min, max));
  const hi = Math.max(min, max);
  const n = lo + Math.floor(Math.random() * (hi - lo + 1));
  let s = "";
  for (let i = 0; i < n; i++) s += LETTERS[Math.floor(Math.random() * LETTERS.length)];
  return s;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Go's time.RFC3339 in local time: 2006-01-02T15:04:05-07:00 (Z for UTC). */
export function rfc3339(d: Date): string {
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? "Z" : `${off > 0 ? "+" : "-"}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${zone}`;
}

/** Go's time.Kitchen: 3:04PM. */
export function kitchen(d: Date): string {
  const h = d.getHours() % 12 || 12;
  return `${h}:${pad(d.getMinutes())}${d.getHours() < 12 ? "AM" : "PM"}`;
}

type Fn = (args: string[], ctx: TemplateContext, now: Date) => string;

function noArgs(name: string, f: (ctx: TemplateContext, now: Date) => string): Fn {
  return (args, ctx, now) => {
    if (args.length) throw usageError(`template: ${name} takes no arguments`);
    return f(ctx, now);
  };
}

const FUNCS: Record<string, Fn> = {
  Count: noArgs("Count", (c) => String(c.count)),
  Cnt: noArgs("Cnt", (c) => String(c.count)),
  Unix: noArgs("Unix", (_c, now) => String(Math.floor(now.getTime() / 1000))),
  UnixNano: noArgs("UnixNano", (_c, now) => (BigInt(now.getTime()) * 1_000_000n).toString()),
  TimeStamp: noArgs("TimeStamp", (_c, now) => rfc3339(now)),
  Time: noArgs("Time", (_c, now) => kitchen(now)),
  ID: noArgs("ID", () => nuid.next()),
  UUID: noArgs("UUID", () => randomUUID()),
  Request: noArgs("Request", (c) => c.request ?? ""),
  Random: (args) => {
    const nums = args.map(Number);
    if (args.length !== 2 || nums.some((n) => !Number.isInteger(n) || n < 0)) {
      throw usageError("template: Random takes two whole numbers: {{Random 10 100}}");
    }
    return randomString(nums[0]!, nums[1]!);
  },
};

/** Splits an action's words, keeping quoted strings whole. */
function words(action: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(action))) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2]!);
  return out;
}

function compileAction(action: string, source: string): Part {
  const w = words(action);
  if (w.length === 0) throw usageError(`template '${source}': empty action {{}}`);
  let name = w[0]!;
  if (name.startsWith(".")) name = name.slice(1);
  const f = FUNCS[name];
  if (!f) throw usageError(`template '${source}': function "${name}" not defined`, `known: ${Object.keys(FUNCS).join(", ")}`);
  const args = w.slice(1);
  // Check the arguments now so a bad template fails before the first message.
  f(args, { count: 1 }, new Date());
  return (ctx, now) => f(args, ctx, now);
}

/** A compiled template; {@link BodyTemplate.render} fills it in. */
export class BodyTemplate {
  private readonly parts: Part[];
  /** True when the text has no actions (rendering returns it as is). */
  readonly isStatic: boolean;

  constructor(readonly source: string) {
    this.parts = [];
    let i = 0;
    let literal = "";
    while (i < source.length) {
      const open = source.indexOf("{{", i);
      if (open < 0) {
        literal += source.slice(i);
        break;
      }
      literal += source.slice(i, open);
      const close = source.indexOf("}}", open + 2);
      if (close < 0) throw usageError(`template '${source}': unclosed action (missing }})`);
      let inner = source.slice(open + 2, close);
      // Go's trim markers: {{- trims the space before, -}} the space after.
      if (inner.startsWith("- ")) {
        literal = literal.trimEnd();
        inner = inner.slice(2);
      }
      let trimAfter = false;
      if (inner.endsWith(" -")) {
        trimAfter = true;
        inner = inner.slice(0, -2);
      }
      if (literal) this.parts.push(literal);
      literal = "";
      this.parts.push(compileAction(inner.trim(), source));
      i = close + 2;
      if (trimAfter) while (i < source.length && /\s/.test(source[i]!)) i++;
    }
    if (literal) this.parts.push(literal);
    this.isStatic = this.parts.every((p) => typeof p === "string");
  }

  /** The text for one message. */
  render(ctx: TemplateContext): string {
    if (this.isStatic) return this.parts.join("");
    const now = ctx.now ?? new Date();
    let s = "";
    for (const p of this.parts) s += typeof p === "string" ? p : p(ctx, now);
    return s;
  }
}
