package main

// The shapes of bench/src/node-contender.ts, with the same params and the same measurement windows, on
// nats.go. Keep the two in step.

import (
	"bytes"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
)

type params struct {
	Kind         string `json:"kind"`
	URL          string `json:"url"`
	Subject      string `json:"subject"`
	Size         int    `json:"size"`
	N            int    `json:"n"`
	Warm         int    `json:"warm"`
	File         string `json:"file"`
	Frames       int    `json:"frames"`
	PayloadBytes int    `json:"payloadBytes"`
	Chunk        int    `json:"chunk"`
	Passes       int    `json:"passes"`
	WarmPasses   int    `json:"warmPasses"`
	Sid          int64  `json:"sid"`
	Bucket       string `json:"bucket"`
}

// Process CPU time (user + system, all threads), as process.cpuUsage() gives the Node contenders.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	must(syscall.Getrusage(syscall.RUSAGE_SELF, &ru), "getrusage")
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func payload(size int) []byte {
	return bytes.Repeat([]byte{'x'}, size)
}

func runShape(id string, p params) map[string]float64 {
	switch p.Kind {
	case "pub":
		return pubOnly(p)
	case "pubsub":
		return pubSub(p)
	case "sub":
		return subOnly(p)
	case "request":
		return requests(p)
	case "subs-heap":
		return subsHeap(p)
	case "conns-rss":
		return connsRss(p)
	case "parse":
		return parse(p)
	case "kv":
		return kvShape(id, p)
	}
	fail("unknown shape kind %q (%s)", p.Kind, id)
	return nil
}

// pub-only: warm messages and a flush untimed, then n messages and a flush, timed.
func pubOnly(p params) map[string]float64 {
	nc := connect(p.URL, "bench-pub")
	data := payload(p.Size)
	for i := 0; i < p.Warm; i++ {
		must(nc.Publish(p.Subject, data), "publish")
	}
	must(nc.FlushTimeout(time.Minute), "flush")
	c := cpuNow()
	t := time.Now()
	for i := 0; i < p.N; i++ {
		must(nc.Publish(p.Subject, data), "publish")
	}
	must(nc.FlushTimeout(time.Minute), "flush")
	d := time.Since(t)
	cpu := cpuNow() - c
	nc.Close()
	return map[string]float64{"rate": float64(p.N) / d.Seconds(), "cpuNs": float64(cpu) / float64(p.N)}
}

// Slow-consumer limits off: the shapes measure delivery, not nats.go's protection (the Node clients have
// no such limit on callback subscriptions).
func subscribe(nc *nats.Conn, subject string, cb nats.MsgHandler) *nats.Subscription {
	sub, err := nc.Subscribe(subject, cb)
	must(err, "subscribe")
	must(sub.SetPendingLimits(-1, -1), "pending limits")
	return sub
}

// pub+sub: two connections of this process; timed from the first measured publish to the last delivery.
func pubSub(p params) map[string]float64 {
	sc := connect(p.URL, "bench-sub")
	pc := connect(p.URL, "bench-pub")
	got, nbytes := 0, 0
	warmed := make(chan struct{})
	done := make(chan struct{})
	subscribe(sc, p.Subject, func(m *nats.Msg) {
		nbytes += len(m.Data)
		got++
		if got == p.Warm {
			close(warmed)
		} else if got == p.Warm+p.N {
			close(done)
		}
	})
	must(sc.FlushTimeout(time.Minute), "flush")
	data := payload(p.Size)
	for i := 0; i < p.Warm; i++ {
		must(pc.Publish(p.Subject, data), "publish")
	}
	must(pc.FlushTimeout(time.Minute), "flush")
	<-warmed
	c := cpuNow()
	t := time.Now()
	for i := 0; i < p.N; i++ {
		must(pc.Publish(p.Subject, data), "publish")
	}
	must(pc.FlushTimeout(time.Minute), "flush")
	<-done
	d := time.Since(t)
	cpu := cpuNow() - c
	if nbytes != (p.Warm+p.N)*p.Size {
		fail("received %d bytes", nbytes)
	}
	pc.Close()
	sc.Close()
	return map[string]float64{"rate": float64(p.N) / d.Seconds(), "cpuNs": float64(cpu) / float64(p.N)}
}

// sub-only: subscribe, say ready (the harness starts the publisher of warm + n messages), time the
// deliveries after the warm ones.
func subOnly(p params) map[string]float64 {
	nc := connect(p.URL, "bench-sub")
	got, nbytes := 0, 0
	var t0, t1 time.Time
	var c0, c1 time.Duration
	done := make(chan struct{})
	subscribe(nc, p.Subject, func(m *nats.Msg) {
		nbytes += len(m.Data)
		got++
		if got == p.Warm {
			t0 = time.Now()
			c0 = cpuNow()
		} else if got == p.Warm+p.N {
			t1 = time.Now()
			c1 = cpuNow()
			close(done)
		}
	})
	must(nc.FlushTimeout(time.Minute), "flush")
	emit(map[string]string{"event": "ready"})
	<-done
	if nbytes != (p.Warm+p.N)*p.Size {
		fail("received %d bytes", nbytes)
	}
	nc.Close()
	return map[string]float64{"rate": float64(p.N) / t1.Sub(t0).Seconds(), "cpuNs": float64(c1-c0) / float64(p.N)}
}

// Nearest-rank percentile, the rule of bench/src/stats.ts.
func percentile(sorted []time.Duration, pct float64) time.Duration {
	i := int(pct / 100 * float64(len(sorted)))
	if i > len(sorted)-1 {
		i = len(sorted) - 1
	}
	return sorted[i]
}

// request/reply: sequential requests to the neutral responder.
func requests(p params) map[string]float64 {
	nc := connect(p.URL, "bench-requester")
	data := payload(p.Size)
	for i := 0; i < p.Warm; i++ {
		_, err := nc.Request(p.Subject, data, 5*time.Second)
		must(err, "request")
	}
	lat := make([]time.Duration, p.N)
	c := cpuNow()
	for i := 0; i < p.N; i++ {
		t := time.Now()
		_, err := nc.Request(p.Subject, data, 5*time.Second)
		lat[i] = time.Since(t)
		must(err, "request")
	}
	cpu := cpuNow() - c
	nc.Close()
	sort.Slice(lat, func(a, b int) bool { return lat[a] < lat[b] })
	us := func(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
	return map[string]float64{"p50": us(percentile(lat, 50)), "p99": us(percentile(lat, 99)), "cpuNs": float64(cpu) / float64(p.N)}
}

func fullGc() {
	runtime.GC()
	runtime.GC()
}

// heap per subscription: HeapAlloc growth over n callback subscriptions (subjects and the slice holding the
// subscriptions allocated before the first reading). nats.go starts a goroutine per callback subscription;
// its stack is not heap, so it is reported apart (stackBytes).
func subsHeap(p params) map[string]float64 {
	nc := connect(p.URL, "bench-subs")
	subjects := make([]string, p.N)
	for i := range subjects {
		subjects[i] = p.Subject + "." + strconv.Itoa(i)
	}
	subs := make([]*nats.Subscription, p.N)
	cb := func(m *nats.Msg) {}
	must(nc.FlushTimeout(time.Minute), "flush")
	var a, b runtime.MemStats
	fullGc()
	runtime.ReadMemStats(&a)
	for i := range subs {
		var err error
		subs[i], err = nc.Subscribe(subjects[i], cb)
		must(err, "subscribe")
	}
	must(nc.FlushTimeout(time.Minute), "flush")
	fullGc()
	runtime.ReadMemStats(&b)
	runtime.KeepAlive(subs)
	n := float64(p.N)
	return map[string]float64{
		"bytes":      float64(int64(b.HeapAlloc)-int64(a.HeapAlloc)) / n,
		"stackBytes": float64(int64(b.StackInuse)-int64(a.StackInuse)) / n,
	}
}

// Resident set size from /proc/self/statm, the number process.memoryUsage.rss() reports for Node.
func rss() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	must(err, "read /proc/self/statm")
	f := strings.Fields(string(b))
	if len(f) < 2 {
		fail("statm: %q", b)
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	must(err, "statm")
	return pages * int64(os.Getpagesize())
}

// RSS per extra connection: one connection first (code paths loaded), then n more; RSS delta / n.
func connsRss(p params) map[string]float64 {
	conns := []*nats.Conn{connect(p.URL, "bench-conn")}
	must(conns[0].FlushTimeout(time.Minute), "flush")
	fullGc()
	before := rss()
	for i := 0; i < p.N; i++ {
		conns = append(conns, connect(p.URL, "bench-conn"))
	}
	for _, nc := range conns {
		must(nc.FlushTimeout(time.Minute), "flush")
	}
	fullGc()
	after := rss()
	runtime.KeepAlive(conns)
	return map[string]float64{"kib": float64(after-before) / float64(p.N) / 1024}
}

var keep [1024]*nats.Msg

// parser: the same bytes as the Node contenders (a file the harness wrote) in chunk-sized pieces, one warm
// pass, then passes timed passes; the median pass is the result. rate: every frame built into a *nats.Msg
// for a subscriber (what nats.go's parser exists to produce) and handed to a sink that keeps the last 1024;
// rateParseOnly: the same bytes with no subscription, so processMsg returns after the sid lookup.
func parse(p params) map[string]float64 {
	all, err := os.ReadFile(p.File)
	must(err, "read parse input")
	var chunks [][]byte
	for o := 0; o < len(all); o += p.Chunk {
		e := o + p.Chunk
		if e > len(all) {
			e = len(all)
		}
		chunks = append(chunks, append([]byte(nil), all[o:e]...))
	}
	all = nil
	pass := func(deliver bool) time.Duration {
		frames, sum := 0, 0
		var sink func(*nats.Msg)
		if deliver {
			sink = func(m *nats.Msg) {
				keep[frames&1023] = m
				frames++
				sum += len(m.Data)
			}
		}
		parseFn, counted := nats.BenchParser(p.Sid, p.Subject, sink)
		t := time.Now()
		for _, ch := range chunks {
			if err := parseFn(ch); err != nil {
				fail("parse: %v", err)
			}
		}
		d := time.Since(t)
		if int(counted()) != p.Frames || (deliver && (frames != p.Frames || sum != p.PayloadBytes)) {
			fail("parsed %d frames (%d delivered, %d payload bytes); expected %d, %d", counted(), frames, sum, p.Frames, p.PayloadBytes)
		}
		return d
	}
	// The same number of untimed passes before each mode's timed ones as the Node contenders get.
	warm := p.WarmPasses
	if warm < 1 {
		warm = 1
	}
	// The fastest timed pass, as the Node contenders report: the pass the shared machine disturbed least.
	fastest := func(deliver bool) float64 {
		for i := 0; i < warm; i++ {
			pass(deliver)
		}
		ds := make([]time.Duration, p.Passes)
		for i := range ds {
			ds[i] = pass(deliver)
		}
		sort.Slice(ds, func(a, b int) bool { return ds[a] < ds[b] })
		return float64(p.Frames) / ds[0].Seconds()
	}
	return map[string]float64{"rate": fastest(true), "rateParseOnly": fastest(false)}
}
