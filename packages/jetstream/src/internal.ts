/**
 * `@nats-stack/jetstream/internal`: what nats.js's `@nats-io/jetstream/internal` offers packages built on
 * JetStream (the KV and object stores): the public API plus the error table, status parsing, message
 * wrapping, validation and the implementation classes.
 * @packageDocumentation
 */
export * from "./index";
export { jserrors, apiErrorFor } from "./api/errors";
export { JetStreamStatus } from "./api/js-status";
export { BaseApiClientImpl, parseJsResponse } from "./api/api-client";
export { ListerImpl } from "./api/lister";
export { validateStreamName, validateDurableName, minValidation, validateName, validName } from "./api/names";
export { ConsumerApiAction, PriorityPolicy } from "./api/policies";
export { defaultConsumer } from "./api/consumer-config";
export type { ApiResponse, SuccessResponse } from "./api/api-types";
export type { ConsumerApiOptions, ConsumerListResponse, CreateConsumerRequest } from "./api/consumer-config";
export type { DirectBatch, DirectMaxBytes, StreamMsgResponse } from "./api/message-types";
export { Feature, feature } from "./api/server-features";
export { JetStreamClientImpl, toJetStreamClient } from "./client/jetstream-client";
export { DirectMsgImpl } from "./manager/direct";
export { StoredMsgImpl } from "./manager/stored-msg";
export { JsMsgImpl, ACK, toJsMsg } from "./jsmsg/jsmsg";
export { parseInfo } from "./jsmsg/reply-info";
export { PullConsumerImpl } from "./consumers/pull-consumer";
export { PushConsumerImpl } from "./consumers/push-consumer";
export type { PullConsumerMessagesImpl } from "./consumers/pull-messages";
export type { PushConsumerMessagesImpl } from "./consumers/push-messages";
