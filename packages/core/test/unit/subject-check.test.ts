import { SubjectCheck } from "../../src/protocol/subject-check";
import { InvalidSubjectError } from "../../src/errors";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("SubjectCheck: the subject cache", () => {
  test("remembers the first 128 subjects and is not rebuilt by a loop over more (a KV loop over 1000 keys)", () => {
    const c = new SubjectCheck();
    const first = c.pubHead("kv.k0");
    // Two rounds: 1744 subjects checked while full, fewer than the 2048 after which it forgets.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 1000; i++) expect(text(c.pubHead(`kv.k${i}`))).toBe(`PUB kv.k${i} `);
      expect(c.remembered).toBe(128);
    }
    // The same remembered bytes throughout: no emptying and refilling every 128 subjects.
    expect(c.pubHead("kv.k0")).toBe(first);
    expect(c.pubHead("kv.k127")).toBe(c.pubHead("kv.k127"));
  });

  test("the head of a subject not remembered is right, UTF-8 included, and leaves remembered heads alone", () => {
    const c = new SubjectCheck();
    for (let i = 0; i < 128; i++) c.pubHead(`s.${i}`);
    const kept = c.pubHead("s.5");
    expect(text(c.pubHead("grüße.ü.x"))).toBe("PUB grüße.ü.x ");
    expect(text(c.pubHead("a.much.longer.subject.than.the.scratch.buffer.was.made.for.at.first." + "x".repeat(200)))).toBe(
      "PUB a.much.longer.subject.than.the.scratch.buffer.was.made.for.at.first." + "x".repeat(200) + " ",
    );
    expect(text(c.pubHead("b"))).toBe("PUB b ");
    expect(text(kept)).toBe("PUB s.5 ");
    expect(c.remembered).toBe(128);
  });

  test("after 16 x 128 subjects checked while full, it forgets and learns the subjects now in use", () => {
    const c = new SubjectCheck();
    for (let i = 0; i < 128; i++) c.literal(`old.${i}`);
    for (let i = 0; i < 16 * 128 - 1; i++) c.pubHead(`new.${i % 10}`);
    expect(c.remembered).toBe(128);
    c.pubHead("new.0");
    expect(c.remembered).toBe(0);
    const h = c.pubHead("new.1");
    expect(c.remembered).toBe(1);
    expect(c.pubHead("new.1")).toBe(h);
  });

  test.each([["a..b"], [""], ["a.*"], ["a b"], [42]])("refuses %j whether the cache is full or not", (bad) => {
    const c = new SubjectCheck();
    expect(() => c.pubHead(bad)).toThrow(InvalidSubjectError);
    expect(() => c.literal(bad)).toThrow(InvalidSubjectError);
    for (let i = 0; i < 200; i++) c.pubHead(`f.${i}`);
    expect(() => c.pubHead(bad)).toThrow(InvalidSubjectError);
    expect(() => c.literal(bad)).toThrow(InvalidSubjectError);
    expect(c.remembered).toBe(128);
  });
});
