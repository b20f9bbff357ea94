import { formatDuration, parseDuration } from "../../src/args/duration";
import { formatBytes, parseByteSize } from "../../src/args/byte-size";
import { parseWhole } from "../../src/args/numbers";
import { shellWords } from "../../src/templates/shell-words";

describe("durations as natscli reads them", () => {
  it.each([
    ["5s", 5000],
    ["300ms", 300],
    ["1m30s", 90_000],
    ["1.5h", 5_400_000],
    ["2d", 172_800_000],
    ["250us", 0.25],
    ["250µs", 0.25],
    ["100ns", 0.0001],
    ["0", 0],
  ])("%s is %d ms", (text, ms) => expect(parseDuration(text)).toBeCloseTo(ms, 6));

  it.each(["5", "abc", "5x", "", "1s2"])("refuses %j with a usage error", (text) => {
    expect(() => parseDuration(text, "--timeout")).toThrow(/invalid --timeout/);
  });

  it("prints like Go's Duration.String, short", () => {
    expect(formatDuration(0.412)).toBe("412µs");
    expect(formatDuration(1.234)).toBe("1.23ms");
    expect(formatDuration(2500)).toBe("2.5s");
    expect(formatDuration(90_000)).toBe("1m30s");
  });
});

describe("sizes", () => {
  it.each([
    ["16", 16],
    ["1KB", 1024],
    ["1KiB", 1024],
    ["2MB", 2 * 1024 * 1024],
    ["1k", 1024],
  ])("%s is %d bytes", (t, n) => expect(parseByteSize(t)).toBe(n));
  it("refuses nonsense", () => expect(() => parseByteSize("12 parsecs", "--size")).toThrow(/invalid --size/));
  it("prints for people", () => expect(formatBytes(1536)).toBe("1.5 KiB"));
});

describe("whole numbers", () => {
  it("parses and bounds", () => {
    expect(parseWhole("3", "--count", 1)).toBe(3);
    expect(() => parseWhole("0", "--count", 1)).toThrow(/--count must be a whole number of at least 1, not '0'/);
    expect(() => parseWhole("2.5", "--count")).toThrow(/whole number/);
    expect(() => parseWhole("", "--count")).toThrow(/whole number/);
  });
});

describe("shell words for reply --command", () => {
  it("splits on spaces and keeps quoted words whole", () => {
    expect(shellWords(`echo "hello world" 'a b' c\\ d`)).toEqual(["echo", "hello world", "a b", "c d"]);
    expect(shellWords(`printf "%s\\n" x`)).toEqual(["printf", "%s\\n", "x"]);
    expect(shellWords(`  `)).toEqual([]);
  });
  it("refuses an unterminated quote", () => expect(() => shellWords(`echo "oops`)).toThrow(/unterminated/));
});
