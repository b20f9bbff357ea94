/**
 * `object add|put|get|info|ls|del|seal|watch` (`obj`): JetStream object stores with natscli's verbs, flags
 * and output, on @nats-stack/jetstream/obj. Files go in and out with a progress bar on a terminal, `--json`
 * on the read verbs, a question before replacing or deleting unless `-f`, failures as one line.
 */
import { collect } from "../args/repeatable";
import { objAdd, objDel, objGet, objInfo, objLs, objPut, objSeal, objWatch } from "../obj/obj-actions";
import type { VerbGroup } from "./verb-group";

/** Adds `object` and its verbs. */
export const objectVerbs: VerbGroup = (program) => {
  const obj = program.command("object").alias("obj").description("JetStream object stores");

  obj.command("add")
    .description("create an object store, then show it")
    .argument("<bucket>", "store name")
    .option("--ttl <duration>", "how long to keep objects (1h, 7d)")
    .option("--replicas <n>", "replicas of the data, when clustered", "1")
    .option("--max-bucket-size <bytes>", "most bytes the store holds (1GB; -1 unlimited)")
    .option("--description <text>", "a description of the store")
    .option("--storage <type>", "storage backend: file or memory", "file")
    .option("--tags <tag>", "place the store on servers with this tag (repeatable)", collect)
    .option("--cluster <name>", "place the store in this cluster")
    .option("--metadata <key=value>", "metadata of the store (repeatable; server 2.10+)", collect)
    .option("--compress", "compress the store's data (server 2.10+)")
    .option("-j, --json", "print the store's status as JSON")
    .action(objAdd);

  obj.command("put")
    .description("put a file (or stdin, with --name) into the store")
    .argument("<bucket>", "store name")
    .argument("[file]", "the file to put; stdin when left out")
    .option("--name <name>", "the object's name (default: the file's path)")
    .option("--description <text>", "a description of the object")
    .option("-H, --header <key:value>", "a header of the object (repeatable)", collect)
    .option("--progress", "show a progress bar on a terminal (the default)")
    .option("--no-progress", "no progress bar")
    .option("-f, --force", "replace an existing object without asking")
    .option("-j, --json", "print the stored object's info as JSON")
    .action(objPut);

  obj.command("get")
    .description("get an object into a file (-O -: to stdout)")
    .argument("<bucket>", "store name")
    .argument("<name>", "object name")
    .option("-O, --output <file>", "the file to write (default: the object's name, here); - for stdout")
    .option("--progress", "show a progress bar on a terminal (the default)")
    .option("--no-progress", "no progress bar")
    .option("-f, --force", "replace an existing file without asking")
    .action(objGet);

  obj.command("info")
    .alias("show")
    .alias("i")
    .description("an object store's configuration and state, or an object's info")
    .argument("<bucket>", "store name")
    .argument("[name]", "object name")
    .option("-j, --json", "as JSON")
    .action(objInfo);

  obj.command("ls")
    .alias("list")
    .description("list the object stores, or the objects of a store")
    .argument("[bucket]", "store whose objects to list")
    .option("-n, --names", "only the names")
    .option("-j, --json", "a JSON array of store names, or of a store's object infos")
    .action(objLs);

  obj.command("del")
    .alias("rm")
    .description("delete an object, or without a name the whole store (asks first, unless -f)")
    .argument("<bucket>", "store name")
    .argument("[name]", "object name")
    .option("-f, --force", "act without asking")
    .action(objDel);

  obj.command("seal")
    .description("seal a store: nothing can be changed any more (asks first, unless -f)")
    .argument("<bucket>", "store name")
    .option("-f, --force", "seal without asking")
    .action(objSeal);

  obj.command("watch")
    .description("print the objects and their changes as they happen, until Ctrl-C")
    .argument("<bucket>", "store name")
    .option("-j, --json", "one JSON object per change")
    .action(objWatch);
};
