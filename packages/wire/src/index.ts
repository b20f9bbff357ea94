/**
 * @nats-stack/wire: a zero-dependency, IO-free, incremental codec of the NATS client protocol in both
 * directions. Parsers turn bytes into ops for a sink; encoders turn values into bytes; validators guard
 * every value before a byte is written.
 * @packageDocumentation
 */
export { ServerOpParser } from "./server-parser";
export { ClientOpParser, type ClientParserOptions } from "./client-parser";
export { FrameParser } from "./frame-parser";
export { Frame } from "./frame";
export type {
  ClientOp,
  ClientOpKind,
  ClientOpSink,
  ClientPub,
  ConnectOptions,
  ServerInfo,
  ServerMsg,
  ServerOp,
  ServerOpKind,
  ServerOpSink,
} from "./ops";
export {
  encodeClientOp,
  encodeConnect,
  encodeErr,
  encodeHmsg,
  encodeHpub,
  encodeInfo,
  encodeMsg,
  encodeOk,
  encodePing,
  encodePong,
  encodePub,
  encodeServerOp,
  encodeSub,
  encodeUnsub,
  joinParts,
  writeDecimal,
  writePubHead,
  writeString,
  type HeadersInput,
  type PayloadInput,
} from "./encode";
export {
  HEADER_VERSION,
  Match,
  MsgHeaders,
  canonicalMIMEHeaderKey,
  decodeHeaders,
  encodeHeaders,
  headerStatusCode,
  isHeaderBlock,
} from "./headers";
export {
  headerKeyProblem,
  subjectProblem,
  validateHeaderKey,
  validateHeaderValue,
  validateQueue,
  validateSid,
  validateSize,
  validateSubject,
  validateSubscribeSubject,
} from "./validate";
export { ProtocolError, ValidationError, WireError, WireErrorCode } from "./errors";
export {
  MAX_CONTROL_LINE,
  MAX_JSON_LINE,
  MAX_PAYLOAD,
  MAX_SID,
  MIN_HEADER_BLOCK,
  type ParserOptions,
} from "./limits";
export { CRLF, decodeText, encodeText, printable, utf8Length } from "./ascii";
export {
  ClientOpCollector,
  ServerOpCollector,
  clientPubToOp,
  parseClientOps,
  parseServerOps,
  serverMsgToOp,
} from "./collect";
