// The byte budget of an ordered consume() without a given bound (ordered-budget.ts): its size from the
// messages' average, and when it asks for more. The simulation against a model server is in
// ordered-budget.prop.test.ts.
import {
  MSG_MEMORY_OVERHEAD,
  ONE_MESSAGE,
  ORDERED_BATCH_BYTES,
  ORDERED_FIRST_BUDGET,
  ORDERED_MAX_MESSAGES_SMALL,
  ORDERED_SIZE_SAMPLE,
  OrderedBudget,
  orderedBudget,
} from "../../src/consumers/ordered-budget";

const MiB = 1024 * 1024;

test("the budget from the messages' average: 16384 small ones, else what fits 8 MiB with 256 B each, never more than 8 MiB", () => {
  expect(orderedBudget(230)).toBe(16384 * 230);
  // About 8 MiB with the overhead: 1 KiB messages (plus 256 B each for the client's objects) 6553 of them.
  expect(orderedBudget(1024)).toBe(Math.floor((8 * MiB) / (1024 + 256)) * 1024);
  expect(orderedBudget(4096)).toBe(1927 * 4096);
  // Large messages: what fits, not at least 1024 of them (the old count held 1024 x 1 MiB).
  expect(orderedBudget(MiB)).toBe(7 * MiB);
  expect(orderedBudget(512 * 1024)).toBe(15 * 512 * 1024);
  // Larger than the bound itself: one message's worth (capped at the bound; a 409 then asks for it alone).
  expect(orderedBudget(20 * MiB)).toBe(ORDERED_BATCH_BYTES);
  expect(orderedBudget(0)).toBe(ORDERED_FIRST_BUDGET);
  expect(orderedBudget(Number.NaN)).toBe(ORDERED_FIRST_BUDGET);
  for (let size = 1; size < 4 * MiB; size = Math.ceil(size * 1.07)) {
    const b = orderedBudget(size);
    expect(b).toBeLessThanOrEqual(ORDERED_BATCH_BYTES);
    const n = Math.max(1, Math.floor(b / size));
    expect(n).toBeLessThanOrEqual(ORDERED_MAX_MESSAGES_SMALL);
    // Bytes plus overhead within the bound whenever at least one message fits.
    if (size + MSG_MEMORY_OVERHEAD <= ORDERED_BATCH_BYTES) expect(n * (size + MSG_MEMORY_OVERHEAD)).toBeLessThanOrEqual(ORDERED_BATCH_BYTES);
  }
});

test("the budget follows each sample of 64 messages, up and down", () => {
  const b = new OrderedBudget();
  expect(b.limit).toBe(ORDERED_FIRST_BUDGET);
  for (let i = 0; i < ORDERED_SIZE_SAMPLE - 1; i++) b.measure(230);
  expect(b.limit).toBe(ORDERED_FIRST_BUDGET);
  b.measure(230);
  expect(b.limit).toBe(16384 * 230);
  for (let i = 0; i < ORDERED_SIZE_SAMPLE; i++) b.measure(512 * 1024);
  expect(b.limit).toBe(15 * 512 * 1024);
  for (let i = 0; i < ORDERED_SIZE_SAMPLE; i++) b.measure(230);
  expect(b.limit).toBe(16384 * 230);
});

test("asks for the rest of the budget once what is coming fell to half", () => {
  const b = new OrderedBudget();
  const l = b.limit;
  expect(b.next(0)).toBe(l);
  expect(b.next(l / 2 + 1)).toBe(0);
  expect(b.next(l / 2)).toBe(l / 2);
  expect(b.next(l)).toBe(0);
  expect(b.next(l * 3)).toBe(0);
});

test("after a 409, waits until the next message can fit; one message alone when it fits no budget", () => {
  const b = new OrderedBudget();
  const l = b.limit;
  // The next message did not fit the 1000 bytes a request had left: the next request asks for 2002 at least.
  b.tooLarge(1000);
  expect(b.next(l - 1000)).toBe(0);
  expect(b.next(l - 1001)).toBe(0); // more than half coming
  expect(b.next(100)).toBe(l - 100);
  // Larger than this budget: the budget grows to fit double that (as many such messages as fit 8 MiB).
  b.tooLarge(l + 5);
  expect(b.limit).toBe(orderedBudget(2 * (l + 6)));
  expect(b.next(100)).toBe(b.limit - 100);
  // Larger than ORDERED_BATCH_BYTES: nothing while anything is coming or queued, then that message alone.
  b.tooLarge(ORDERED_BATCH_BYTES + 5);
  expect(b.limit).toBe(ORDERED_BATCH_BYTES);
  expect(b.next(100)).toBe(0);
  expect(b.next(0)).toBe(ONE_MESSAGE);
  // Any message arriving clears it.
  b.measure(300);
  expect(b.next(0)).toBe(ORDERED_BATCH_BYTES);
});

test("one message larger than the budget makes it fit such messages at once", () => {
  const b = new OrderedBudget();
  b.measure(600 * 1024);
  expect(b.limit).toBe(13 * 600 * 1024);
  b.measure(20 * MiB);
  expect(b.limit).toBe(ORDERED_BATCH_BYTES);
});
