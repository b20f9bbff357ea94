/** Paged listing of streams, stream names and consumers, as nats.js's `ListerImpl`. */
import { InvalidArgumentError } from "@nats-stack/core";
import type { ApiPaged } from "./api-types";
import type { BaseApiClientImpl } from "./api-client";

/** An async iterable over every item, and `next()` for one page at a time. */
export type Lister<T> = {
  [Symbol.asyncIterator](): AsyncIterator<T>;
  next(): Promise<T[]>;
};

/** Picks a page's items out of an answer. */
export type ListerFieldFilter<T> = (v: unknown) => T[];

// How many items an answer holds, by its type.
function countOf(r: { type?: string; streams?: unknown[] | null; consumers?: unknown[] | null }): number {
  switch (r?.type) {
    case "io.nats.jetstream.api.v1.consumer_list_response":
    case "io.nats.jetstream.api.v1.consumer_names_response":
      return r.consumers?.length ?? 0;
    default:
      return r?.streams?.length ?? 0;
  }
}

/**
 * Walks a paged API (`STREAM.LIST`, `STREAM.NAMES`, `CONSUMER.LIST`) by offset until the server's total is
 * reached or a page comes back empty. A failed page ends the listing: later `next()` calls return [].
 */
export class ListerImpl<T> implements Lister<T> {
  private err: Error | undefined;
  private offset = 0;
  private pageInfo: ApiPaged | undefined;

  constructor(
    private readonly subject: string,
    private readonly filter: ListerFieldFilter<T>,
    private readonly jsm: BaseApiClientImpl,
    private readonly payload: Record<string, unknown> = {},
  ) {
    if (!subject) throw InvalidArgumentError.format("subject", "is required");
  }

  async next(): Promise<T[]> {
    if (this.err) return [];
    if (this.pageInfo && this.offset >= this.pageInfo.total) return [];
    try {
      const r = await this.jsm._request<ApiPaged & { type?: string }>(this.subject, { offset: this.offset, ...this.payload }, { timeout: this.jsm.timeout });
      this.pageInfo = r;
      const count = countOf(r);
      if (count === 0) return [];
      this.offset += count;
      return this.filter(r);
    } catch (err) {
      this.err = err as Error;
      throw err;
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let page = await this.next();
    while (page.length > 0) {
      for (const item of page) yield item;
      page = await this.next();
    }
  }
}
