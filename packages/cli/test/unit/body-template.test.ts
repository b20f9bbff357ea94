import { BodyTemplate, kitchen, rfc3339 } from "../../src/templates/body-template";
import { HeaderArgs } from "../../src/templates/header-args";
import { CliError } from "../../src/output/cli-error";

describe("body templates (natscli's functions)", () => {
  it("fills {{Count}} from the context, as natscli counts from 1", () => {
    const t = new BodyTemplate("hello {{Count}}");
    expect([1, 2, 3].map((count) => t.render({ count }))).toEqual(["hello 1", "hello 2", "hello 3"]);
  });

  it("accepts field syntax and spaces: {{.Count}}, {{ Cnt }}", () => {
    expect(new BodyTemplate("{{.Count}}/{{ Cnt }}").render({ count: 7 })).toBe("7/7");
  });

  it("{{Random 10 100}} gives 10 to 100 letters and digits", () => {
    const t = new BodyTemplate("{{Random 10 100}}");
    for (let i = 0; i < 50; i++) {
      const s = t.render({ count: 1 });
      expect(s).toMatch(/^[a-zA-Z0-9]{10,100}$/);
    }
    expect(new BodyTemplate("{{Random 5 5}}").render({ count: 1 })).toHaveLength(5);
  });

  it("{{TimeStamp}} is RFC 3339, {{Time}} is Go's Kitchen, {{Unix}} seconds", () => {
    const now = new Date(2024, 0, 2, 15, 4, 5);
    expect(new BodyTemplate("{{TimeStamp}}").render({ count: 1, now })).toBe(rfc3339(now));
    expect(rfc3339(now)).toMatch(/^2024-01-02T15:04:05(Z|[+-]\d\d:\d\d)$/);
    expect(kitchen(now)).toBe("3:04PM");
    expect(new BodyTemplate("{{Unix}}").render({ count: 1, now })).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(new BodyTemplate("{{UnixNano}}").render({ count: 1, now })).toBe(`${now.getTime()}000000`);
  });

  it("{{Request}} is the request body in reply; {{ID}} a NUID", () => {
    expect(new BodyTemplate("echo: {{Request}}").render({ count: 1, request: "ping" })).toBe("echo: ping");
    expect(new BodyTemplate("{{ID}}").render({ count: 1 })).toMatch(/^[A-Za-z0-9]{22}$/);
  });

  it("text without actions stays as written", () => {
    const t = new BodyTemplate("plain {text} } {");
    expect(t.isStatic).toBe(true);
    expect(t.render({ count: 3 })).toBe("plain {text} } {");
  });

  it.each([
    ["{{Foo}}", /function "Foo" not defined/],
    ["{{Count", /unclosed action/],
    ["{{}}", /empty action/],
    ["{{Random 10}}", /Random takes two whole numbers/],
    ["{{Count 3}}", /Count takes no arguments/],
  ])("refuses %s before anything is sent", (src, msg) => {
    expect(() => new BodyTemplate(src)).toThrow(CliError);
    expect(() => new BodyTemplate(src)).toThrow(msg);
  });
});

describe("-H key:value headers", () => {
  it("splits at the first colon, trims, and renders value templates per message", () => {
    const h = new HeaderArgs(["Seq: {{Count}}", "url:http://x:1"]);
    const built = h.build({ count: 4 })!;
    expect(built.get("Seq")).toBe("4");
    expect(built.get("url")).toBe("http://x:1");
  });

  it("refuses a header without a key or colon", () => {
    expect(() => new HeaderArgs(["nocolon"])).toThrow(/invalid header 'nocolon'/);
    expect(() => new HeaderArgs([":v"])).toThrow(/invalid header/);
  });

  it("refuses what core refuses (a key with a space)", () => {
    expect(() => new HeaderArgs(["bad key:v"])).toThrow(/invalid header 'bad key'/);
  });
});
