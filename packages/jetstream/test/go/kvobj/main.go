// Command kvobj reads and writes a key-value bucket and an object store with nats.go (Debian's
// golang-github-nats-io-go-nats-dev 1.22.1), for the interop tests of @nats-stack/jetstream's ./kv and ./obj.
// Built offline:
//
//	GO111MODULE=off GOPROXY=off GOPATH=/usr/share/gocode go build -o kvobj .
//
// Usage:
//
//	kvobj kv-create <url> <bucket> <history>      create the bucket, print its stream config
//	kvobj kv-write <url> <bucket>                 put/create/update/delete/purge a fixed script of keys
//	kvobj kv-read <url> <bucket>                  print the last entry of each key, the keys, the history
//	kvobj kv-watch <url> <bucket> <n>             print the first n entries of a watch (last values, then updates)
//	kvobj obj-create <url> <bucket>               create the store
//	kvobj obj-write <url> <bucket> <name> <size> <chunk>   put <size> pattern bytes, print the info
//	kvobj obj-read <url> <bucket> <name>          read (nats.go checks the digest), print size, sha256, info
//	kvobj obj-list <url> <bucket>                 print the names of the objects
//
// Output is one JSON document on stdout; errors go to stderr with exit status 1.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"github.com/nats-io/nats.go"
)

func must(err error, what string) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "kvobj: %s: %v\n", what, err)
		os.Exit(1)
	}
}

func out(v interface{}) {
	b, err := json.Marshal(v)
	must(err, "json")
	fmt.Println(string(b))
}

// pattern is test/helpers/streams.ts's pattern(n, seed): an LCG's high bytes.
func pattern(n int, seed uint32) []byte {
	b := make([]byte, n)
	x := seed
	for i := range b {
		x = x*1103515245 + 12345
		b[i] = byte(x >> 24)
	}
	return b
}

type entry struct {
	Key      string `json:"key"`
	Value    string `json:"value"`
	Revision uint64 `json:"revision"`
	Op       string `json:"op"`
}

func toEntry(e nats.KeyValueEntry) entry {
	return entry{Key: e.Key(), Value: string(e.Value()), Revision: e.Revision(), Op: e.Operation().String()}
}

func info(i *nats.ObjectInfo) map[string]interface{} {
	return map[string]interface{}{
		"name": i.Name, "size": i.Size, "chunks": i.Chunks, "digest": i.Digest, "nuid": i.NUID,
		"deleted": i.Deleted, "description": i.Description, "headers": i.Headers, "chunkSize": i.Opts.ChunkSize,
	}
}

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: kvobj <command> <url> <bucket> ...")
		os.Exit(2)
	}
	cmd, url, bucket := os.Args[1], os.Args[2], os.Args[3]
	nc, err := nats.Connect(url)
	must(err, "connect")
	defer nc.Close()
	js, err := nc.JetStream()
	must(err, "jetstream")
	switch cmd {
	case "kv-create":
		h, _ := strconv.Atoi(os.Args[4])
		kv, err := js.CreateKeyValue(&nats.KeyValueConfig{Bucket: bucket, History: uint8(h)})
		must(err, "create bucket")
		st, err := kv.Status()
		must(err, "status")
		out(st.(*nats.KeyValueBucketStatus).StreamInfo().Config)
	case "kv-write":
		kv, err := js.KeyValue(bucket)
		must(err, "bucket")
		r1, err := kv.PutString("go.a", "1")
		must(err, "put")
		_, err = kv.Create("go.b", []byte("2"))
		must(err, "create")
		_, err = kv.Update("go.a", []byte("3"), r1)
		must(err, "update")
		must(kv.Delete("go.b"), "delete")
		_, err = kv.PutString("go.c", "4")
		must(err, "put")
		must(kv.Purge("go.c"), "purge")
		_, err = kv.Create("go.b", []byte("5"))
		must(err, "create over a delete")
		_, err = kv.Create("go.a", []byte("x"))
		out(map[string]string{"createExisting": fmt.Sprint(err)})
	case "kv-read":
		kv, err := js.KeyValue(bucket)
		must(err, "bucket")
		keys, err := kv.Keys()
		if err == nats.ErrNoKeysFound {
			keys, err = []string{}, nil
		}
		must(err, "keys")
		hist, err := kv.History(">")
		must(err, "history")
		last := map[string]entry{}
		var h []entry
		for _, e := range hist {
			h = append(h, toEntry(e))
			if g, err := kv.Get(e.Key()); err == nil {
				last[e.Key()] = toEntry(g)
			} else {
				last[e.Key()] = entry{Key: e.Key(), Op: err.Error()}
			}
		}
		out(map[string]interface{}{"keys": keys, "history": h, "last": last})
	case "kv-watch":
		n, _ := strconv.Atoi(os.Args[4])
		kv, err := js.KeyValue(bucket)
		must(err, "bucket")
		w, err := kv.WatchAll()
		must(err, "watch")
		var got []entry
		for e := range w.Updates() {
			if e == nil {
				continue
			}
			got = append(got, toEntry(e))
			if len(got) == n {
				break
			}
		}
		out(got)
	case "obj-create":
		_, err := js.CreateObjectStore(&nats.ObjectStoreConfig{Bucket: bucket})
		must(err, "create store")
		out(map[string]bool{"ok": true})
	case "obj-write":
		obs, err := js.ObjectStore(bucket)
		must(err, "store")
		size, _ := strconv.Atoi(os.Args[5])
		chunk, _ := strconv.Atoi(os.Args[6])
		meta := &nats.ObjectMeta{Name: os.Args[4], Description: "from go", Headers: nats.Header{"X-From": []string{"go"}}}
		if chunk > 0 {
			meta.Opts = &nats.ObjectMetaOptions{ChunkSize: uint32(chunk)}
		}
		i, err := obs.Put(meta, bytesReader(pattern(size, uint32(size))))
		must(err, "put")
		out(info(i))
	case "obj-read":
		obs, err := js.ObjectStore(bucket)
		must(err, "store")
		data, err := obs.GetBytes(os.Args[4])
		must(err, "get")
		i, err := obs.GetInfo(os.Args[4])
		must(err, "info")
		sum := sha256.Sum256(data)
		out(map[string]interface{}{"size": len(data), "sha256": hex.EncodeToString(sum[:]), "info": info(i)})
	case "obj-list":
		obs, err := js.ObjectStore(bucket)
		must(err, "store")
		l, err := obs.List()
		must(err, "list")
		var names []string
		for _, i := range l {
			names = append(names, i.Name)
		}
		out(names)
	default:
		fmt.Fprintf(os.Stderr, "kvobj: unknown command %s\n", cmd)
		os.Exit(2)
	}
}
