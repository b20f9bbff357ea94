/**
 * Contender process of kvobj.bench.ts for nats.js: @nats-io/transport-node, @nats-io/jetstream, @nats-io/kv
 * and @nats-io/obj 3.4.0 only (bundled alone by run.mjs). With KVOBJ_VARIANT=native-sha, nats.js's object
 * store hashes with `node:crypto` (its default is the bundled js-sha256).
 */
import { connect } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { Objm, setSha256Backend } from "@nats-io/obj";
import { runKvObjWorker } from "../src/kvobj-worker";

runKvObjWorker({
  connect,
  jetstream,
  Kvm,
  Objm,
  prepare: () => {
    if (process.env.KVOBJ_VARIANT === "native-sha") setSha256Backend("native");
  },
});
