import { ValidationError, subjectProblem, validateQueue, validateSubject, validateSubscribeSubject } from "../src";

describe("subjects", () => {
  test.each([
    ["foo", ""],
    ["foo.bar.baz", ""],
    ["_INBOX.abc.123", ""],
    ["caf\u00e9.\u00fc", ""],
    ["a*b.c>d", ""],
    ["", "is empty"],
    [".a", "has an empty token"],
    ["a.", "has an empty token"],
    ["a..b", "has an empty token"],
    ["a b", "contains a space"],
    ["a\tb", "contains a tab"],
    ["a\rb", "contains CR"],
    ["a\nb", "contains LF"],
    ["a\u0000b", "contains NUL"],
    ["a\u0007", "contains control character 0x7"],
    ["a\ud800", "contains a lone surrogate"],
    ["a.*", "has a wildcard '*'"],
    [">", "has a wildcard '>'"],
    ["a.>.b", "has a wildcard '>'"],
  ])("publish %j -> %j", (s, why) => {
    expect(subjectProblem(s, false)).toBe(why);
  });
  test.each([
    ["a.*", ""],
    ["*", ""],
    [">", ""],
    ["a.*.>", ""],
    ["a.>.b", "has '>' before the last token"],
    ["a..*", "has an empty token"],
  ])("subscribe %j -> %j", (s, why) => {
    expect(subjectProblem(s, true)).toBe(why);
  });
  test("validators throw typed errors naming the field", () => {
    expect(() => validateSubject("a.*", "reply")).toThrow(ValidationError);
    try {
      validateSubject("a b", "reply");
    } catch (e) {
      expect((e as ValidationError).field).toBe("reply");
    }
    expect(() => validateSubscribeSubject(undefined)).toThrow(/must be a string/);
    expect(() => validateQueue("q\r")).toThrow(/CR/);
    expect(() => validateQueue("workers.eu")).not.toThrow();
  });
});
