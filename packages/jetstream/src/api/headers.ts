/** Header names JetStream reads and writes (publish expectations, heartbeats, direct gets, republish). */

/** Headers a publisher sets for deduplication, expectations, TTLs and schedules. */
export const PubHeaders = {
  MsgIdHdr: "Nats-Msg-Id",
  ExpectedStreamHdr: "Nats-Expected-Stream",
  ExpectedLastSeqHdr: "Nats-Expected-Last-Sequence",
  ExpectedLastMsgIdHdr: "Nats-Expected-Last-Msg-Id",
  ExpectedLastSubjectSequenceHdr: "Nats-Expected-Last-Subject-Sequence",
  ExpectedLastSubjectSequenceSubjectHdr: "Nats-Expected-Last-Subject-Sequence-Subject",
  /** Per-message TTL (streams with `allow_msg_ttl`, server 2.11+). */
  MessageTTL: "Nats-TTL",
  Schedule: "Nats-Schedule",
  ScheduleTarget: "Nats-Schedule-Target",
  ScheduleSource: "Nats-Schedule-Source",
  ScheduleTTL: "Nats-Schedule-TTL",
  ScheduleTimeZone: "Nats-Schedule-Time-Zone",
  ScheduleRollup: "Nats-Schedule-Rollup",
  Scheduler: "Nats-Scheduler",
  ScheduleNext: "Nats-Schedule-Next",
} as const;
/** A value of {@link PubHeaders}. */
export type PubHeaders = (typeof PubHeaders)[keyof typeof PubHeaders];

/** Headers on messages JetStream itself sends (heartbeats, pull statuses) and rollups. */
export const JsHeaders = {
  /** On a message from a stream source: `<stream> <seq>`. */
  StreamSourceHdr: "Nats-Stream-Source",
  /** On idle heartbeats: the consumer's last delivered sequence. */
  LastConsumerSeqHdr: "Nats-Last-Consumer",
  /** On idle heartbeats: the last stream sequence delivered. */
  LastStreamSeqHdr: "Nats-Last-Stream",
  /** On a heartbeat of a stalled push consumer: publish to it to resume the flow. */
  ConsumerStalledHdr: "Nats-Consumer-Stalled",
  /** On headers-only deliveries: the size of the payload left out. */
  MessageSizeHdr: "Nats-Msg-Size",
  RollupHdr: "Nats-Rollup",
  RollupValueSubject: "sub",
  RollupValueAll: "all",
  /** On the status ending a pull request: messages of the request left unfilled. */
  PendingMessagesHdr: "Nats-Pending-Messages",
  /** On the status ending a pull request: bytes of the request left unfilled. */
  PendingBytesHdr: "Nats-Pending-Bytes",
  /** Minimum API level a request requires (ADR-44). */
  RequiredApiLevel: "Nats-Required-Api-Level",
} as const;
/** A value of {@link JsHeaders}. */
export type JsHeaders = (typeof JsHeaders)[keyof typeof JsHeaders];

/** Headers of a direct get answer. */
export const DirectMsgHeaders = {
  Stream: "Nats-Stream",
  Sequence: "Nats-Sequence",
  TimeStamp: "Nats-Time-Stamp",
  Subject: "Nats-Subject",
  LastSequence: "Nats-Last-Sequence",
  NumPending: "Nats-Num-Pending",
} as const;
/** A value of {@link DirectMsgHeaders}. */
export type DirectMsgHeaders = (typeof DirectMsgHeaders)[keyof typeof DirectMsgHeaders];

/** Headers of a republished message. */
export const RepublishHeaders = {
  Stream: "Nats-Stream",
  Subject: "Nats-Subject",
  Sequence: "Nats-Sequence",
  LastSequence: "Nats-Last-Sequence",
  Size: "Nats-Msg-Size",
} as const;
/** A value of {@link RepublishHeaders}. */
export type RepublishHeaders = (typeof RepublishHeaders)[keyof typeof RepublishHeaders];
