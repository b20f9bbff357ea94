/** A server version. */
export type SemVer = { major: number; minor: number; micro: number };

/** Parses `2.9.10` (a `v` prefix and a `-beta…` suffix are ignored). Throws on anything else. */
export function parseSemVer(s = ""): SemVer {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(s);
  if (!m) throw new Error(`'${s}' is not a semver value`);
  return { major: Number(m[1]), minor: Number(m[2]), micro: Number(m[3]) };
}

/** Negative, zero or positive as `a` is older, equal or newer than `b`. */
export function compare(a: SemVer, b: SemVer): number {
  return a.major - b.major || a.minor - b.minor || a.micro - b.micro;
}
