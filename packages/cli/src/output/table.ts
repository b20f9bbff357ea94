/**
 * Tables for people (natscli's rounded-box look) through cli-table3: a line under the header only, and an
 * optional title in a box of its own above the columns (`nats stream ls` style). Colour only where stdout
 * allows it.
 */
import Table from "cli-table3";
import { out as c } from "./colors";

const CHARS = {
  top: "─", "top-mid": "┬", "top-left": "╭", "top-right": "╮",
  bottom: "─", "bottom-mid": "┴", "bottom-left": "╰", "bottom-right": "╯",
  left: "│", "left-mid": "├", mid: "─", "mid-mid": "┼", right: "│", "right-mid": "┤", middle: "│",
};

// eslint-disable-next-line no-control-regex
const visibleLength = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "").length;

/** Renders rows under a header; `align` gives each column's alignment (default left); `title` goes on top. */
export function renderTable(
  head: string[],
  rows: Array<Array<string | number>>,
  align: Array<"left" | "right" | "center"> = [],
  title?: string,
): string {
  const t = new Table({
    head: head.map((h) => c.bold(h)),
    colAligns: head.map((_, i) => align[i] ?? "left"),
    style: { head: [], border: [], compact: true },
    chars: CHARS,
  });
  for (const r of rows) t.push(r.map(String));
  const body = t.toString();
  if (title === undefined) return body;
  // The title box shares the table's width: its top border becomes a joint under the title.
  const [top, ...rest] = body.split("\n");
  const width = visibleLength(top!) - 2;
  const text = title.length > width - 2 ? title.slice(0, width - 2) : title;
  const left = Math.floor((width - text.length) / 2);
  const titleLine = `│${" ".repeat(left)}${c.bold(text)}${" ".repeat(width - left - text.length)}│`;
  return [`╭${"─".repeat(width)}╮`, titleLine, `├${top!.slice(1, -1)}┤`, ...rest].join("\n");
}
