import fc from "fast-check";
import { InboxMux, type MuxEntry } from "../../src/requests/inbox-mux";
import type { MsgImpl } from "../../src/messages/msg";

// A reply as the mux reads it: the number of its subject's last token, no headers.
function reply(token: number): MsgImpl {
  return { subjectNumber: () => token, rawHeaders: undefined, data: new Uint8Array(1) } as unknown as MsgImpl;
}

function entry(log: string[], name: string): MuxEntry {
  return { subject: "svc", onReply: () => log.push(`${name} reply`), onError: (e) => log.push(`${name} ${e.message}`) };
}

test("InboxMux: requests added, answered and removed in any order reach exactly their own entry once", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(20)), { maxLength: 60 }), (steps) => {
      const mux = new InboxMux("_INBOX.x.");
      const log: string[] = [];
      const live = new Map<number, string>();
      let n = 0;
      for (const [add, pick] of steps) {
        if (add || live.size === 0) {
          const name = `r${n++}`;
          live.set(mux.add(entry(log, name)), name);
          continue;
        }
        const tokens = [...live.keys()];
        const token = tokens[pick % tokens.length]!;
        const name = live.get(token)!;
        log.length = 0;
        mux.dispatch(reply(token));
        expect(log).toEqual([`${name} reply`]);
        mux.remove(token);
        live.delete(token);
        log.length = 0;
        mux.dispatch(reply(token)); // a late reply of a removed request reaches nobody
        expect(log).toEqual([]);
      }
      log.length = 0;
      mux.failAll(new Error("closed"));
      expect(log.sort()).toEqual([...live.values()].map((name) => `${name} closed`).sort());
    }),
    { numRuns: 200 },
  );
});

test("InboxMux: a permissions error fails the requests sent to its subject, whichever way they are kept", () => {
  const mux = new InboxMux("_INBOX.x.");
  const log: string[] = [];
  mux.remove(mux.add(entry(log, "gone")));
  mux.add({ ...entry(log, "a"), subject: "denied" });
  mux.add({ ...entry(log, "b"), subject: "fine" });
  mux.add({ ...entry(log, "c"), subject: "denied" });
  expect(mux.failSubject("denied", new Error("no"))).toBe(true);
  expect(log.sort()).toEqual(["a no", "c no"]);
  expect(mux.failSubject("other", new Error("no"))).toBe(false);
});

test("InboxMux: the reply base is the UTF-8 bytes of the base", () => {
  const mux = new InboxMux("_INBOX.é.");
  expect(new TextDecoder().decode(mux.baseBytes)).toBe("_INBOX.é.");
  expect(mux.reply(71)).toBe("_INBOX.é.1z");
});
