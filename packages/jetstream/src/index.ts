/**
 * @nats-stack/jetstream: JetStream on @nats-stack/core, a drop-in for `@nats-io/jetstream` 3.4.0. Change the
 * import; keep the code. `jetstream(nc)` and `jetstreamManager(nc)` take any core connection, so JetStream
 * runs wherever core runs.
 * @packageDocumentation
 */
export { jetstream } from "./client/jetstream-client";
export { jetstreamManager } from "./manager/manager";
export {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  PersistMode,
  ReplayPolicy,
  RetentionPolicy,
  StorageType,
  StoreCompression,
  PriorityPolicy,
} from "./api/policies";
export { DirectMsgHeaders, JsHeaders, PubHeaders, RepublishHeaders } from "./api/headers";
export { AdvisoryKind } from "./manager/manager-api";
export { isPullConsumer, isPushConsumer, isBoundPushConsumerOptions, isOrderedPushConsumerOptions } from "./consumers/consumer-api";
export {
  ConsumerNotFoundError,
  InvalidNameError,
  isMessageNotFound,
  JetStreamApiCodes,
  JetStreamApiError,
  JetStreamError,
  JetStreamNotEnabled,
  JetStreamStatusError,
  StreamNotFoundError,
} from "./api/errors";
export type { AccountLimits, JetStreamAccountStats, JetStreamApiStats, JetStreamUsage, JetStreamUsageAccountLimits } from "./api/account-types";
export type { ApiError, ApiPaged, ApiPagedRequest, ClusterInfo, PeerInfo, Success } from "./api/api-types";
export type {
  ConsumerConfig,
  ConsumerCreateOptions,
  ConsumerInfo,
  ConsumerResetResponse,
  ConsumerUpdateConfig,
  OverflowMinAckPending,
  OverflowMinPending,
  OverflowMinPendingAndMinAck,
  OverflowOptions,
  PrioritizedOptions,
  PriorityGroups,
  PullOptions,
  SequenceInfo,
} from "./api/consumer-config";
export type { Lister, ListerFieldFilter } from "./api/lister";
export type {
  BatchCallback,
  CompletionResult,
  DeliveryInfo,
  DirectBatchLimits,
  DirectBatchOptions,
  DirectBatchStartSeq,
  DirectBatchStartTime,
  DirectLastFor,
  DirectMsg,
  DirectMsgRequest,
  LastForMsgRequest,
  MsgDeleteRequest,
  MsgRequest,
  NextMsgRequest,
  SeqMsgRequest,
  StartTimeMsgRequest,
  StoredMsg,
} from "./api/message-types";
export type { JetStreamManagerOptions, JetStreamOptions } from "./api/options";
export type {
  ExternalStream,
  LostStreamData,
  Placement,
  PurgeBySeq,
  PurgeBySubject,
  PurgeOpts,
  PurgeResponse,
  PurgeTrimOpts,
  Republish,
  StreamAlternate,
  StreamConfig,
  StreamConsumerLimits,
  StreamConsumerSource,
  StreamInfo,
  StreamInfoRequestOptions,
  StreamSource,
  StreamSourceInfo,
  StreamState,
  StreamUpdateConfig,
  SubjectTransformConfig,
} from "./api/stream-config";
export type {
  Batch,
  BatchAck,
  BatchMessageOptions,
  BatchMessageOptionsWithReply,
  JetStreamClient,
  JetStreamPublishOptions,
  PredefinedSchedule,
  PubAck,
  ScheduleCancellation,
  ScheduleOptions,
  ScheduleSpec,
  StreamExpectations,
  Streams,
} from "./client/client-api";
export type {
  AbortOnMissingResource,
  Bind,
  BoundPushConsumerOptions,
  Close,
  ConsumeBytes,
  ConsumeCallback,
  ConsumeMessages,
  ConsumeOptions,
  Consumer,
  ConsumerCallbackFn,
  ConsumerDeleted,
  ConsumerKind,
  ConsumerMessages,
  ConsumerNotFound,
  ConsumerNotification,
  ConsumerPinned,
  Consumers,
  ConsumerStopped,
  ConsumerUnpinned,
  Debug,
  DeleteableConsumer,
  Discard,
  ExceededLimits,
  Expires,
  ExportedConsumer,
  FetchBytes,
  FetchMessages,
  FetchOptions,
  FlowControl,
  Heartbeat,
  HeartbeatsMissed,
  IdleHeartbeat,
  InfoableConsumer,
  MaxBytes,
  MaxMessages,
  Next,
  NextOptions,
  NoResponders,
  OrderedConsumerOptions,
  OrderedConsumerRecreated,
  OrderedPushConsumerOptions,
  PushConsumer,
  PushConsumerOptions,
  Reset,
  StreamNotFound,
  ThresholdBytes,
  ThresholdMessages,
} from "./consumers/consumer-api";
export type { JsMsg } from "./jsmsg/jsmsg";
export type {
  Advisory,
  ConsumerAPI,
  DirectStreamAPI,
  JetStreamManager,
  Stream,
  StreamAPI,
  WithRequired,
} from "./manager/manager-api";
export type { StreamNames } from "./manager/streams";
