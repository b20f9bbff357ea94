/**
 * natscli's "columns" layout for one object (`nats stream info`, `nats consumer info`): a heading, then
 * `Label: value` rows with the labels right-aligned to the longest one, grouped under `Section:` titles.
 */
import { out as c } from "./colors";

/** A value as natscli prints it: numbers with thousands separators, lists joined by commas. */
export type ColumnValue = string | number | boolean | string[];

interface Group {
  /** Undefined for the rows before the first section. */
  title?: string;
  rows: Array<[string, string]>;
}

function text(v: ColumnValue): string {
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "number") return Number.isFinite(v) ? v.toLocaleString("en-US") : String(v);
  return String(v);
}

/** Builds the text of one object's description. */
export class Columns {
  private readonly groups: Group[] = [{ rows: [] }];

  constructor(private readonly heading: string) {}

  /** Adds `label: value` to the current section. */
  row(label: string, value: ColumnValue): this {
    this.groups[this.groups.length - 1]!.rows.push([label, text(value)]);
    return this;
  }

  /** Adds the row when `when` holds. */
  rowIf(label: string, value: ColumnValue, when: boolean): this {
    return when ? this.row(label, value) : this;
  }

  /** Adds the row unless the value is empty (`""`, `[]`, undefined). */
  rowIfSet(label: string, value: ColumnValue | undefined): this {
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return this;
    return this.row(label, value);
  }

  /** Starts a section (`Options:`); a section that gets no rows is not shown. */
  section(title: string): this {
    this.groups.push({ title, rows: [] });
    return this;
  }

  /** The whole text, ending with a newline. */
  render(): string {
    const width = Math.max(0, ...this.groups.flatMap((g) => g.rows.map(([l]) => l.length)));
    const lines = [c.bold(this.heading)];
    for (const g of this.groups) {
      if (g.rows.length === 0) continue;
      lines.push("");
      if (g.title !== undefined) lines.push(c.bold(`${g.title}:`), "");
      for (const [label, value] of g.rows) lines.push(`${label.padStart(width)}: ${value}`);
    }
    return lines.join("\n") + "\n";
  }
}
