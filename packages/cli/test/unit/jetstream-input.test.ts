/** The JetStream flag forms, natscli's start policies, Go's duration text, and the conform argument split. */
import { Command } from "commander";
import { formatGoDuration, parseDuration } from "../../src/args/duration";
import { argsAfterVerb } from "../../src/commands/conform";
import { checkConsumerName, startPolicy } from "../../src/jetstream/consumer-config-input";
import { parseChoice, parseLimit, parseNanos, parseSizeLimit, subjectList } from "../../src/jetstream/js-args";
import { checkStreamFlags, checkStreamName } from "../../src/jetstream/stream-config-input";
import { infoJson } from "../../src/jetstream/stream-view";

describe("Go's Duration.String()", () => {
  it.each([
    [0, "0s"],
    [1, "1ns"],
    [1_500, "1.5µs"],
    [1_500_000, "1.5ms"],
    [500_000_000, "500ms"],
    [1_000_000_000, "1s"],
    [1_500_000_000, "1.5s"],
    [120e9, "2m0s"],
    [90e9, "1m30s"],
    [3600e9, "1h0m0s"],
    [86_400e9, "24h0m0s"],
    [3_723_004_000_000, "1h2m3.004s"],
    [-2e9, "-2s"],
  ])("%d ns is %s", (ns, text) => expect(formatGoDuration(ns)).toBe(text));
});

test("durations take fisk's w and y", () => {
  expect(parseDuration("1w")).toBe(7 * 86_400_000);
  expect(parseDuration("1y")).toBe(365 * 86_400_000);
});

describe("JetStream flag forms", () => {
  test("limits: whole numbers, -1 unlimited", () => {
    expect(parseLimit("100", "--max-msgs")).toBe(100);
    expect(parseLimit("-1", "--max-msgs")).toBe(-1);
    for (const bad of ["-2", "1.5", "x", ""]) expect(() => parseLimit(bad, "--max-msgs")).toThrow("--max-msgs must be a whole number, or -1 for unlimited");
  });
  test("sizes and durations", () => {
    expect(parseSizeLimit("1GB", "--max-bytes")).toBe(1024 ** 3);
    expect(parseSizeLimit("-1", "--max-bytes")).toBe(-1);
    expect(parseNanos("2m", "--dupe-window")).toBe(120e9);
    expect(parseNanos("-1", "--max-age")).toBe(0);
    expect(() => parseNanos("soon", "--max-age")).toThrow("invalid --max-age 'soon'");
  });
  test("subject lists: repeated, comma and space separated, checked", () => {
    expect(subjectList(["a.*", "b.> c.x,d"], "--subjects")).toEqual(["a.*", "b.>", "c.x", "d"]);
    expect(() => subjectList(["a..b"], "--subjects")).toThrow("illegal subject: 'a..b'");
    expect(() => subjectList([" , "], "--subjects")).toThrow("--subjects needs at least one subject");
  });
  test("choices map to the API's values", () => {
    expect(parseChoice("WORK", "--retention", { work: "workqueue" })).toBe("workqueue");
    expect(() => parseChoice("tape", "--storage", { file: "file", memory: "memory" })).toThrow("--storage must be one of file, memory, not 'tape'");
  });
  test("names as the JetStream client checks them", () => {
    expect(checkStreamName("ORDERS")).toBe("ORDERS");
    expect(() => checkStreamName("a.b")).toThrow("stream name ('a.b') cannot contain '.'");
    expect(() => checkConsumerName("a b")).toThrow("consumer name ('a b') cannot contain ' '");
  });
  test("stream flags are checked before connecting; '>' with acks is refused", () => {
    expect(checkStreamFlags("S", { subjects: ["s.*"], storage: "m", retention: "work", maxBytes: "1MB" })).toMatchObject({
      name: "S",
      subjects: ["s.*"],
      storage: "memory",
      retention: "workqueue",
      maxBytes: 1024 * 1024,
    });
    expect(() => checkStreamFlags("S", { subjects: [">"] })).toThrow("subjects cannot be '>' when acknowledgements are enabled");
    expect(checkStreamFlags("S", { subjects: [">"], ack: false }).subjects).toEqual([">"]);
  });
});

describe("natscli's start policies", () => {
  it.each([
    ["all", { deliver_policy: "all" }],
    ["new", { deliver_policy: "new" }],
    ["next", { deliver_policy: "new" }],
    ["last", { deliver_policy: "last" }],
    ["subject", { deliver_policy: "last_per_subject" }],
    ["42", { deliver_policy: "by_start_sequence", opt_start_seq: 42 }],
  ])("%s", (text, cfg) => expect(startPolicy(text)).toEqual(cfg));
  test("a duration starts that long ago", () => {
    const before = Date.now();
    const p = startPolicy("1h");
    expect(p.deliver_policy).toBe("by_start_time");
    const t = Date.parse(p.opt_start_time!);
    expect(before - t).toBeGreaterThanOrEqual(3_600_000 - 5);
    expect(before - t).toBeLessThan(3_600_000 + 5000);
  });
  test("anything else is refused", () => expect(() => startPolicy("yesterday")).toThrow(/invalid start policy/));
});

test("info JSON leaves out the API envelope", () => {
  expect(JSON.parse(infoJson({ type: "io.nats.jetstream.api.v1.stream_info_response", total: 0, offset: 0, limit: 0, config: { name: "X" } }))).toEqual({ config: { name: "X" } });
});

describe("conform gets the arguments after the verb as typed", () => {
  const program = () => {
    const p = new Command("nats-stack").option("-s, --server <url>").option("--timeout <d>").option("-v, --version");
    const c = p.command("conform").allowUnknownOption().allowExcessArguments().argument("[args...]");
    return c;
  };
  it.each([
    [["conform", "server", "nats://x:4222", "--timeout", "5000"], ["server", "nats://x:4222", "--timeout", "5000"]],
    [["-s", "nats://y:1", "conform", "record", "ping-pong", "--server", "nats://z:1"], ["record", "ping-pong", "--server", "nats://z:1"]],
    [["--server=nats://y:1", "conform", "client", "--", "./driver", "conform"], ["client", "--", "./driver", "conform"]],
    [["-s", "conform", "conform", "list"], ["list"]],
  ])("%j", (raw, want) => expect(argsAfterVerb(program(), raw)).toEqual(want));
});
