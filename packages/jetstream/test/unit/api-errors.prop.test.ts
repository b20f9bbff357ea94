// API error mapping: whatever error object the server sends, the error class is chosen by err_code, the
// message is the description (or, when it is empty, a text naming the codes: an error is never silent), and
// code/status/apiError() give back exactly what was sent; answers that are
// not JSON objects become a JetStreamError naming the subject.
import fc from "fast-check";
import {
  ConsumerNotFoundError,
  JetStreamApiCodes,
  JetStreamApiError,
  JetStreamError,
  JetStreamNotEnabled,
  StreamNotFoundError,
  isMessageNotFound,
} from "../../src";
import { apiErrorFor, apiErrorMessage } from "../../src/api/errors";
import { parseJsResponse } from "../../src/api/api-client";
import { parsePubAck } from "../../src/publish/pub-ack";
import { fakeMsg } from "../helpers/fake-msg";

const known = Object.values(JetStreamApiCodes) as number[];
const apiError = fc.record({
  code: fc.integer({ min: 100, max: 599 }),
  err_code: fc.oneof(fc.constantFrom(...known), fc.integer({ min: 0, max: 20000 })),
  description: fc.string({ maxLength: 60 }),
});

test("the class follows err_code; message, code, status and apiError() are the server's", () => {
  fc.assert(
    fc.property(apiError, (e) => {
      const err = apiErrorFor(e);
      if (e.err_code === JetStreamApiCodes.JetStreamNotEnabledForAccount) {
        expect(err).toBeInstanceOf(JetStreamNotEnabled);
        expect(err.message).toBe(apiErrorMessage(e));
        const cause = err.cause as JetStreamApiError;
        expect(cause).toBeInstanceOf(JetStreamApiError);
        expect(cause.apiError()).toEqual(e);
        return;
      }
      expect(err).toBeInstanceOf(JetStreamApiError);
      const api = err as JetStreamApiError;
      expect(api.message).toBe(apiErrorMessage(e));
      expect(api.code).toBe(e.err_code);
      expect(api.status).toBe(e.code);
      expect(api.apiError()).toEqual(e);
      // A copy: changing it changes nothing.
      api.apiError().description = "changed";
      expect(api.message).toBe(apiErrorMessage(e));
      expect(err instanceof StreamNotFoundError).toBe(e.err_code === JetStreamApiCodes.StreamNotFound);
      expect(err instanceof ConsumerNotFoundError).toBe(e.err_code === JetStreamApiCodes.ConsumerNotFound);
      expect(isMessageNotFound(err)).toBe(e.err_code === JetStreamApiCodes.NoMessageFound);
      expect(err.name).toBe(
        e.err_code === JetStreamApiCodes.StreamNotFound ? "StreamNotFoundError" : e.err_code === JetStreamApiCodes.ConsumerNotFound ? "ConsumerNotFoundError" : "JetStreamApiError",
      );
    }),
  );
});

test("an API answer with an error object throws it; without one it is returned", () => {
  fc.assert(
    fc.property(apiError, fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), fc.jsonValue()), (e, body) => {
      const bad = fakeMsg({ subject: "x", data: JSON.stringify({ type: "t", error: e }) });
      expect(() => parseJsResponse(bad)).toThrow(apiErrorMessage(e));
      const good = fakeMsg({ data: JSON.stringify({ ...body, error: undefined }) });
      expect(parseJsResponse(good)).toEqual(JSON.parse(JSON.stringify({ ...body, error: undefined })));
      const pa = parsePubAck(bad);
      expect(pa).toBeInstanceOf(Error);
      expect((pa as Error).message).toBe(apiErrorMessage(e));
    }),
  );
});

test("answers that are not JSON objects: a JetStreamError naming the subject", () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.constant("null"), fc.constant("42"), fc.constant('"s"')), (text) => {
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch {
        v = undefined;
      }
      const m = fakeMsg({ subject: "$JS.API.INFO", data: text });
      if (v !== null && typeof v === "object") return;
      expect(() => parseJsResponse(m)).toThrow(JetStreamError);
      expect(() => parseJsResponse(m)).toThrow(/\$JS\.API\.INFO/);
      expect(parsePubAck(m)).toBeInstanceOf(JetStreamError);
    }),
  );
});

test("PubAck: stream, seq, duplicate defaulted, extra fields kept; no stream is an invalid ack", () => {
  expect(parsePubAck(fakeMsg({ data: '{"stream":"S","seq":3}' }))).toEqual({ stream: "S", seq: 3, duplicate: false });
  expect(parsePubAck(fakeMsg({ data: '{"stream":"S","seq":3,"duplicate":true,"domain":"hub"}' }))).toEqual({ stream: "S", seq: 3, duplicate: true, domain: "hub" });
  expect(parsePubAck(fakeMsg({ data: '{"stream":"S","seq":3,"batch":"b","count":2}' }))).toMatchObject({ batch: "b", count: 2 });
  const e = parsePubAck(fakeMsg({ data: '{"stream":"","seq":3}' }));
  expect(e).toBeInstanceOf(JetStreamError);
  expect((e as Error).message).toBe("invalid ack response");
});

test("an error object without a description still has a message naming its codes", () => {
  const err = apiErrorFor({ code: 400, err_code: 10000 } as never);
  expect(err).toBeInstanceOf(JetStreamApiError);
  expect(err.message).toBe("JetStream API error without a description (code 400, err_code 10000)");
  expect(apiErrorFor({ code: 500, err_code: 1, description: "x" }).message).toBe("x");
});
