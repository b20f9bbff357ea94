/**
 * `kv add|put|get|create|update|del|purge|history|watch|ls|keys|info|compact|revert`: key-value buckets with
 * natscli's verbs, flags and output, on @nats-stack/jetstream/kv. `--json` on every read verb, a question
 * before deleting or purging unless `-f`, failures as one line (`bucket 'cfg' not found`, `invalid key: a b`).
 */
import type { Command } from "commander";
import { collect } from "../args/repeatable";
import { kvGet, kvHistory, kvInfo, kvLs, kvWatch, listKeys } from "../kv/kv-read";
import { kvAdd, kvCompact, kvCreate, kvDel, kvPurge, kvPut, kvRevert, kvUpdate } from "../kv/kv-write";
import type { VerbGroup } from "./verb-group";

/** Adds `kv` and its verbs. */
export const kvVerbs: VerbGroup = (program) => {
  const kv = program.command("kv").description("JetStream key-value buckets");

  kv.command("add")
    .alias("new")
    .description("create a bucket, then show it")
    .argument("<bucket>", "bucket name")
    .option("--history <n>", "how many values to keep per key (1 to 64)", "1")
    .option("--ttl <duration>", "how long to keep values (1h, 7d)")
    .option("--replicas <n>", "replicas of the data, when clustered", "1")
    .option("--max-value-size <bytes>", "largest value (1KB, 1MiB; -1 unlimited)")
    .option("--max-bucket-size <bytes>", "most bytes the bucket holds (1GB; -1 unlimited)")
    .option("--description <text>", "a description of the bucket")
    .option("--storage <type>", "storage backend: file or memory", "file")
    .option("--compress", "compress the bucket's data (server 2.10+)")
    .option("--tags <tag>", "place the bucket on servers with this tag (repeatable)", collect)
    .option("--cluster <name>", "place the bucket in this cluster")
    .option("--republish-source <subject>", "republish changes of these keys' subjects (default all)")
    .option("--republish-destination <subject>", "republish changes to this subject")
    .option("--republish-headers", "republish only the headers, no values")
    .option("--mirror <bucket>", "make the bucket a mirror of another bucket")
    .option("--mirror-domain <domain>", "the JetStream domain of the --mirror bucket")
    .option("--source <bucket>", "copy the entries of another bucket (repeatable)", collect)
    .option("-j, --json", "print the bucket's status as JSON")
    .action(kvAdd);

  kv.command("put")
    .description("put a value into a key (from stdin when the value is left out)")
    .argument("<bucket>", "bucket name")
    .argument("<key>", "key")
    .argument("[value]", "the value; stdin when left out")
    .action(kvPut);

  kv.command("get")
    .description("the value of a key")
    .argument("<bucket>", "bucket name")
    .argument("<key>", "key")
    .option("--revision <n>", "a specific revision")
    .option("--raw", "only the value's bytes")
    .option("-j, --json", "the entry as JSON")
    .action(kvGet);

  kv.command("create")
    .description("put a value into a key only if the key is new or its last operation was a delete")
    .argument("<bucket>", "bucket name")
    .argument("<key>", "key")
    .argument("[value]", "the value; stdin when left out")
    .action(kvCreate);

  kv.command("update")
    .description("update a key only if its last revision is the given one")
    .argument("<bucket>", "bucket name")
    .argument("<key>", "key")
    .argument("<value>", "the value")
    .argument("<revision>", "the key's last revision")
    .action(kvUpdate);

  kv.command("del")
    .alias("rm")
    .description("delete a key, or without a key the whole bucket (asks first, unless -f)")
    .argument("<bucket>", "bucket name")
    .argument("[key]", "key")
    .option("-f, --force", "act without asking")
    .action(kvDel);

  kv.command("purge")
    .description("delete a key and its history (asks first, unless -f)")
    .argument("<bucket>", "bucket name")
    .argument("<key>", "key")
    .option("-f, --force", "act without asking")
    .action(kvPurge);

  kv.command("history")
    .description("every stored revision of a key")
    .argument("<bucket>", "bucket name")
    .argument("<key>", "key (or a filter: user.*, user.>)")
    .option("-j, --json", "a JSON array of the entries")
    .action(kvHistory);

  kv.command("revert")
    .description("put an earlier revision's value back (asks first, unless -f)")
    .argument("<bucket>", "bucket name")
    .argument("<key>", "key")
    .argument("<revision>", "the revision to revert to")
    .option("-f, --force", "revert without asking")
    .action(kvRevert);

  kv.command("info")
    .alias("status")
    .alias("view")
    .description("a bucket's configuration and state")
    .argument("<bucket>", "bucket name")
    .option("-j, --json", "the bucket's status as JSON")
    .action(kvInfo);

  kv.command("watch")
    .description("print changes of the bucket (or of a key or filter) as they happen, until Ctrl-C")
    .argument("<bucket>", "bucket name")
    .argument("[key]", "key or filter", ">")
    .option("--history", "start with every stored value, not only the last of each key")
    .option("--no-deletes", "leave deletes and purges out")
    .option("--updates", "only changes made from now on")
    .option("--revision <n>", "start at this revision")
    .option("-j, --json", "one JSON object per entry")
    .action(kvWatch);

  kv.command("ls")
    .alias("list")
    .description("list the buckets, or the keys of a bucket")
    .argument("[bucket]", "bucket whose keys to list")
    .option("-n, --names", "only the bucket names")
    // natscli's -v is --version here (a global flag), so only the long form.
    .option("--verbose", "the keys' last entries as a table")
    .option("--display-value", "with --verbose, the values too")
    .option("-j, --json", "a JSON array of names (with --verbose, of entries)")
    .action(kvLs);

  kv.command("keys")
    .description("the keys of a bucket that hold a value, optionally matching filters")
    .argument("<bucket>", "bucket name")
    .argument("[filters...]", "key filters (user.*, user.>)")
    .option("-j, --json", "a JSON array of the keys")
    .action((bucket: string, filters: string[], flags: { json?: boolean }, cmd: Command) => listKeys(bucket, filters, flags, cmd));

  kv.command("compact")
    .description("remove the values and markers of deleted keys (asks first, unless -f)")
    .argument("<bucket>", "bucket name")
    .option("-f, --force", "act without asking")
    .action(kvCompact);
};
