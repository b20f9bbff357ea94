/**
 * `-H key:value` headers as natscli takes them: split at the first colon, both sides trimmed, values are
 * templates (`-H seq:{{Count}}`). Keys and values are checked by core's `headers()` before anything is sent.
 */
import { headers, type MsgHdrs } from "@nats-stack/core";
import { usageError } from "../output/cli-error";
import { BodyTemplate, type TemplateContext } from "./body-template";

/** Parsed `-H` flags, ready to build the headers of each message. */
export class HeaderArgs {
  private readonly entries: Array<{ key: string; value: BodyTemplate }>;

  constructor(args: string[] = []) {
    this.entries = args.map((a) => {
      const i = a.indexOf(":");
      const key = i < 0 ? "" : a.slice(0, i).trim();
      if (i < 0 || key === "") throw usageError(`invalid header '${a}'`, "use -H key:value");
      return { key, value: new BodyTemplate(a.slice(i + 1).trim()) };
    });
    // Let core judge the keys and values once, so a bad one fails before connecting.
    this.build({ count: 1 });
  }

  /** True when no `-H` was given. */
  get empty(): boolean {
    return this.entries.length === 0;
  }

  /** Headers for one message, or undefined when there are none. */
  build(ctx: TemplateContext): MsgHdrs | undefined {
    if (this.entries.length === 0) return undefined;
    const h = headers();
    for (const { key, value } of this.entries) {
      try {
        h.append(key, value.render(ctx));
      } catch (e) {
        throw usageError(`invalid header '${key}': ${(e as Error).message}`);
      }
    }
    return h;
  }
}
