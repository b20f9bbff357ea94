/** Flags given several times (`-H a:1 -H b:2`, `--subjects a --subjects b`), collected in order. */

/** Commander's collector for a repeatable option. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
