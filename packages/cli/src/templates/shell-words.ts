/**
 * Splits a command line into words as a POSIX shell would for `reply --command` (single and double quotes,
 * backslash escapes; no expansions), so the command runs without a shell in between.
 */
import { usageError } from "../output/cli-error";

/** The words of `line`; throws a usage error on an unterminated quote. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw usageError(`unterminated ' in command: ${line}`);
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      inWord = true;
      for (;;) {
        if (i >= line.length) throw usageError(`unterminated " in command: ${line}`);
        const c = line[i]!;
        if (c === '"') break;
        if (c === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          cur += line[i + 1];
          i += 2;
        } else {
          cur += c;
          i++;
        }
      }
      i++;
    } else if (ch === "\\" && i + 1 < line.length) {
      cur += line[i + 1];
      inWord = true;
      i += 2;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
      i++;
    } else {
      cur += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(cur);
  return words;
}
