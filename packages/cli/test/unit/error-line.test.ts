import { InvalidSubjectError, InvalidArgumentError, AuthorizationError } from "@nats-stack/core";
import { CliError, CliErrorCode } from "../../src/output/cli-error";
import { errorLine } from "../../src/output/error-line";

describe("one line per error", () => {
  it("a CLI error gives its message and hint", () => {
    expect(errorLine(new CliError(CliErrorCode.Usage, "bad thing", { hint: "do this" }))).toBe("nats-stack: error: bad thing (do this)");
  });

  it("a core error keeps its text and adds its cause", () => {
    const e = new InvalidSubjectError("a..b", { cause: new InvalidArgumentError("subject has an empty token") });
    expect(errorLine(e)).toBe("nats-stack: error: illegal subject: 'a..b': subject has an empty token");
    expect(errorLine(new AuthorizationError("Authorization Violation"))).toBe("nats-stack: error: Authorization Violation");
  });

  it("anything else is reported as a bug, still on one line", () => {
    const line = errorLine(new TypeError("x is not a function\n    at foo (bar.js:1:1)"));
    expect(line).toMatch(/^nats-stack: error: unexpected TypeError: x is not a function at foo/);
    expect(line).not.toContain("\n");
  });
});
