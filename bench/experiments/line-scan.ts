/**
 * Finding the end of a control line: Uint8Array.prototype.indexOf (a builtin call per line, what the parser
 * does today before splitting the arguments in a second pass) against a plain loop, and against one loop
 * that finds the argument boundaries and the LF together (nats.go's single pass). Lines as the HMSG and MSG
 * benchmark frames have them. Usage: run.mjs line-scan
 */
const enc = new TextEncoder();
const lines = {
  HMSG: enc.encode("HMSG bench.orders.created 7 _INBOX.Xk3j9.42 39 55\r\n"),
  MSG: enc.encode("MSG bench.orders.created 7 16\r\n"),
};
const N = 5_000_000;
const starts = new Int32Array(8);
const ends = new Int32Array(8);
for (const [name, line] of Object.entries(lines)) {
  // The line repeated in a 64 KiB chunk, as the parser sees it.
  const chunk = new Uint8Array(65536);
  const count = Math.floor(65536 / line.length);
  for (let k = 0; k < count; k++) chunk.set(line, k * line.length);
  const variants: Record<string, (i: number) => number> = {
    "indexOf(LF)": (i) => chunk.indexOf(10, i),
    "loop to LF": (i) => {
      while (chunk[i] !== 10) i++;
      return i;
    },
    "indexOf(LF) + split args (today)": (i) => {
      const lf = chunk.indexOf(10, i);
      let n = 0;
      let j = i;
      const e = lf - 1;
      while (j < e) {
        while (chunk[j] === 32) j++;
        starts[n] = j;
        while (j < e && chunk[j] !== 32) j++;
        ends[n++] = j;
      }
      return lf;
    },
    "one pass, split args until CR": (i) => {
      let n = 0;
      let j = i;
      let b = chunk[j]!;
      for (;;) {
        while (b === 32) b = chunk[++j]!;
        if (b === 13) break;
        starts[n] = j;
        while (b !== 32 && b !== 13) b = chunk[++j]!;
        ends[n++] = j;
      }
      return j + 1;
    },
  };
  for (let round = 0; round < 3; round++) {
    for (const [v, f] of Object.entries(variants)) {
      let k = 0;
      let sum = 0;
      const t = performance.now();
      for (let r = 0; r < N; r++) {
        sum += f(k * line.length);
        if (++k === count) k = 0;
      }
      if (round === 2) console.log(`${name} (${line.length} B line): ${v}: ${(((performance.now() - t) * 1e6) / N).toFixed(1)} ns (${sum % 7})`);
    }
  }
}
