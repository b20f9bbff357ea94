/** Tables for people (natscli's rounded-box look) through cli-table3; colour only where stdout allows it. */
import Table from "cli-table3";
import { out as c } from "./colors";

/** Renders rows under a header; `align` gives each column's alignment (default left). */
export function renderTable(head: string[], rows: Array<Array<string | number>>, align: Array<"left" | "right" | "center"> = []): string {
  const t = new Table({
    head: head.map((h) => c.bold(h)),
    colAligns: head.map((_, i) => align[i] ?? "left"),
    style: { head: [], border: [], compact: false },
    chars: {
      top: "─", "top-mid": "┬", "top-left": "╭", "top-right": "╮",
      bottom: "─", "bottom-mid": "┴", "bottom-left": "╰", "bottom-right": "╯",
      left: "│", "left-mid": "├", mid: "─", "mid-mid": "┼", right: "│", "right-mid": "┤", middle: "│",
    },
  });
  for (const r of rows) t.push(r.map(String));
  return t.toString();
}
