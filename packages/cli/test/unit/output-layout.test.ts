/** natscli's layouts: the columns of `stream info`, the titled tables of `stream ls`, and times. */
import { Columns } from "../../src/output/columns";
import { renderTable } from "../../src/output/table";
import { isZeroTime, localTime, sinceText } from "../../src/output/time-text";
import { clusterRows } from "../../src/jetstream/stream-view";

test("columns: labels right-aligned across sections, empty sections left out", () => {
  const text = new Columns("Information for Stream X")
    .row("Subjects", ["a.*", "b.>"])
    .row("Replicas", 1)
    .section("Options")
    .row("Acknowledgments", true)
    .section("Empty")
    .rowIf("Never", "x", false)
    .rowIfSet("Unset", "")
    .section("State")
    .row("Messages", 12345)
    .render();
  expect(text).toBe(
    [
      "Information for Stream X",
      "",
      "       Subjects: a.*, b.>",
      "       Replicas: 1",
      "",
      "Options:",
      "",
      "Acknowledgments: true",
      "",
      "State:",
      "",
      "       Messages: 12,345",
      "",
    ].join("\n"),
  );
});

test("a titled table: the title boxed above the columns, one line under the header only", () => {
  const t = renderTable(["Name", "Messages"], [["ORDERS", "1"], ["X", "22"]], ["left", "right"], "Streams");
  const rows = t.split("\n");
  expect(rows).toEqual([
    "╭───────────────────╮",
    "│      Streams      │",
    "├────────┬──────────┤",
    "│ Name   │ Messages │",
    "├────────┼──────────┤",
    "│ ORDERS │        1 │",
    "│ X      │       22 │",
    "╰────────┴──────────╯",
  ]);
  expect(new Set(rows.map((r) => r.length)).size).toBe(1);
});

test("times: local timestamps, 'never' for Go's zero time, ages", () => {
  expect(isZeroTime("0001-01-01T00:00:00Z")).toBe(true);
  expect(isZeroTime(undefined)).toBe(true);
  expect(isZeroTime("2024-01-12T10:10:04Z")).toBe(false);
  expect(localTime("2024-01-12T10:10:04Z")).toMatch(/^2024-01-1[123] \d\d:10:04$/);
  expect(sinceText("0001-01-01T00:00:00Z")).toBe("never");
  expect(sinceText("2024-01-12T10:10:00Z", "2024-01-12T10:10:03.5Z")).toBe("3.5s");
  expect(sinceText("2024-01-12T09:00:00Z", "2024-01-12T10:02:03Z")).toBe("1h2m3s");
});

test("Cluster Information: the raft group for a stream, not for a bucket; nothing outside a cluster", () => {
  const cluster = { name: "east", raft_group: "S-R3F-abc", leader: "n1", replicas: [{ name: "n2", current: true, active: 0 }, { name: "n3", current: false, active: 0, offline: true }] };
  const render = (withGroup: boolean, cl?: typeof cluster) => {
    const cols = new Columns("Information");
    cols.row("Name", "S");
    clusterRows(cols, cl as never, withGroup);
    return cols.render();
  };
  const stream = render(true, cluster);
  expect(stream).toContain("Cluster Information");
  expect(stream).toMatch(/Cluster Group: S-R3F-abc/);
  expect(stream).toMatch(/Leader: n1/);
  expect(stream).toMatch(/Replica: n2, current/);
  expect(stream).toMatch(/Replica: n3, outdated, OFFLINE/);
  const bucket = render(false, cluster);
  expect(bucket).toContain("Cluster Information");
  expect(bucket).not.toContain("Cluster Group");
  expect(render(true)).not.toContain("Cluster Information");
});
