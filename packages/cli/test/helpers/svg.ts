/** Parses an SVG strictly (any XML warning or error fails) and finds the chart's bars. */
import { DOMParser } from "@xmldom/xmldom";

/** A parsed SVG document; throws on anything that is not well-formed. */
export function parseSvg(text: string): Document {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level: string, msg: string) => {
      problems.push(`${level}: ${msg}`);
    },
  }).parseFromString(text, "image/svg+xml") as unknown as Document;
  if (problems.length) throw new Error(`SVG is not well-formed: ${problems.join("; ")}`);
  if (doc.documentElement?.nodeName !== "svg") throw new Error(`root element is ${doc.documentElement?.nodeName}, not svg`);
  if (doc.documentElement.getAttribute("xmlns") !== "http://www.w3.org/2000/svg") throw new Error("missing the SVG namespace");
  return doc;
}

/** The throughput bars: `data-client` and `data-lib` of each `rect.bar`, with its width. */
export function bars(doc: Document): Array<{ client: string; lib: string; width: number; value: number }> {
  const out: Array<{ client: string; lib: string; width: number; value: number }> = [];
  const rects = doc.getElementsByTagName("rect");
  for (let i = 0; i < rects.length; i++) {
    const r = rects.item(i)!;
    if (r.getAttribute("class") !== "bar") continue;
    out.push({
      client: r.getAttribute("data-client") ?? "",
      lib: r.getAttribute("data-lib") ?? "",
      width: Number(r.getAttribute("width")),
      value: Number(r.getAttribute("data-value")),
    });
  }
  return out;
}

/** The latency histogram's columns. */
export function histogramColumns(doc: Document): number {
  const rects = doc.getElementsByTagName("rect");
  let n = 0;
  for (let i = 0; i < rects.length; i++) if (rects.item(i)!.getAttribute("class") === "hist") n++;
  return n;
}
