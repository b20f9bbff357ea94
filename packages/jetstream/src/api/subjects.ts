/**
 * Subjects of the JetStream API (after the API prefix, `$JS.API` by default). One place, so a reader sees the
 * whole API surface the client speaks.
 */

/** `<p>.INFO`: account information. */
export const accountInfoSubject = (p: string): string => `${p}.INFO`;

/** `<p>.STREAM.<verb>.<stream>` for CREATE, UPDATE, DELETE, INFO, PURGE. */
export const streamSubject = (p: string, verb: "CREATE" | "UPDATE" | "DELETE" | "INFO" | "PURGE", stream: string): string =>
  `${p}.STREAM.${verb}.${stream}`;

/** `<p>.STREAM.LIST`: stream infos, paged. */
export const streamListSubject = (p: string): string => `${p}.STREAM.LIST`;

/** `<p>.STREAM.NAMES`: stream names, paged, optionally filtered by subject. */
export const streamNamesSubject = (p: string): string => `${p}.STREAM.NAMES`;

/** `<p>.STREAM.MSG.<verb>.<stream>` for GET and DELETE of a stored message. */
export const streamMsgSubject = (p: string, verb: "GET" | "DELETE", stream: string): string => `${p}.STREAM.MSG.${verb}.${stream}`;

/** `<p>.DIRECT.GET.<stream>[.<last_by_subj>]`: direct gets (answered by any replica). */
export const directGetSubject = (p: string, stream: string, lastBySubject?: string): string =>
  lastBySubject ? `${p}.DIRECT.GET.${stream}.${lastBySubject}` : `${p}.DIRECT.GET.${stream}`;

/**
 * The consumer create subject: the 2.9 API names the consumer in the subject (`CONSUMER.CREATE.<stream>.<name>`,
 * with a single filter subject as one more part); without a name it is `CONSUMER.CREATE.<stream>` (ephemeral)
 * or the older `CONSUMER.DURABLE.CREATE.<stream>.<durable>`.
 */
export function consumerCreateSubject(p: string, stream: string, name: string, filter: string | undefined, durable: string | undefined): string {
  if (name !== "") return filter !== undefined ? `${p}.CONSUMER.CREATE.${stream}.${name}.${filter}` : `${p}.CONSUMER.CREATE.${stream}.${name}`;
  return durable ? `${p}.CONSUMER.DURABLE.CREATE.${stream}.${durable}` : `${p}.CONSUMER.CREATE.${stream}`;
}

/** `<p>.CONSUMER.<verb>.<stream>.<consumer>` for INFO, DELETE, PAUSE, UNPIN, RESET. */
export const consumerSubject = (p: string, verb: "INFO" | "DELETE" | "PAUSE" | "UNPIN" | "RESET", stream: string, consumer: string): string =>
  `${p}.CONSUMER.${verb}.${stream}.${consumer}`;

/** `<p>.CONSUMER.LIST.<stream>`: consumer infos, paged. */
export const consumerListSubject = (p: string, stream: string): string => `${p}.CONSUMER.LIST.${stream}`;

/** `<p>.CONSUMER.MSG.NEXT.<stream>.<consumer>`: a pull request. */
export const pullSubject = (p: string, stream: string, consumer: string): string => `${p}.CONSUMER.MSG.NEXT.${stream}.${consumer}`;

/** Where the server publishes JetStream advisories. */
export const ADVISORY_SUBJECT = "$JS.EVENT.ADVISORY.>";
