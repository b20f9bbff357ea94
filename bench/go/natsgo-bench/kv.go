package main

// The key-value shapes of bench/kvobj.bench.ts (params kind "kv"; the shape id names the operation), with
// the measurement windows of bench/src/kvobj-worker.ts: nats.go is the physical reference of those rows,
// what the server's round trip per put or get leaves to any client.

import (
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
)

// kvKeys is the number of distinct keys the put and get shapes cycle through (KEYS in kvobj-worker.ts).
const kvKeys = 1000

// kvBlob returns the bytes kvobj-worker.ts's blob() makes: not all alike, so nothing is unusually cheap.
func kvBlob(size int) []byte {
	b := make([]byte, size)
	x := uint32(7)
	for i := range b {
		x = x*1103515245 + 12345
		b[i] = byte(x >> 24)
	}
	return b
}

// kvShape runs kv-put, kv-get or kv-watch on the bucket the harness made; metrics rate (units/s) and cpu
// (µs per unit).
func kvShape(id string, p params) map[string]float64 {
	nc := connect(p.URL, "bench-kv")
	defer nc.Close()
	js, err := nc.JetStream()
	must(err, "jetstream")
	kv, err := js.KeyValue(p.Bucket)
	must(err, "key value")
	c := cpuNow()
	t := time.Now()
	switch id {
	case "kv-put":
		v := kvBlob(128)
		for i := 0; i < p.N; i++ {
			_, err := kv.Put(fmt.Sprintf("k%d", i%kvKeys), v)
			must(err, "put")
		}
	case "kv-get":
		for i := 0; i < p.N; i++ {
			e, err := kv.Get(fmt.Sprintf("k%d", i%kvKeys))
			must(err, "get")
			if len(e.Value()) != 128 {
				fail("get k%d: %d bytes", i%kvKeys, len(e.Value()))
			}
		}
	case "kv-watch":
		w, err := kv.WatchAll(nats.IncludeHistory())
		must(err, "watch")
		k, read := 0, 0
		for k < p.N {
			e, ok := <-w.Updates()
			if !ok {
				fail("watcher closed after %d entries", k)
			}
			// nil marks the end of the stored values; the shape counts stored entries only.
			if e == nil {
				continue
			}
			read += len(e.Key()) + len(e.Value())
			k++
		}
		w.Stop()
		if read == 0 {
			fail("watch: nothing read")
		}
	default:
		fail("unknown key-value shape %q", id)
	}
	secs := time.Since(t).Seconds()
	return map[string]float64{"rate": float64(p.N) / secs, "cpu": float64((cpuNow() - c).Nanoseconds()) / 1000 / float64(p.N)}
}
