/**
 * Contender process of kvobj.bench.ts for our client: @nats-stack/core, @nats-stack/jetstream and its ./kv
 * and ./obj entries only (bundled alone by run.mjs).
 */
import { connect } from "@nats-stack/core";
import { jetstream } from "@nats-stack/jetstream";
import { Kvm } from "@nats-stack/jetstream/kv";
import { Objm } from "@nats-stack/jetstream/obj";
import { runKvObjWorker } from "../src/kvobj-worker";

runKvObjWorker({ connect, jetstream, Kvm, Objm });
