// Command jsbench runs one timed JetStream shape with nats.go (Debian's golang-github-nats-io-go-nats-dev
// 1.22.1), the physical reference of bench/jetstream.bench.ts. Built offline:
//
//	GO111MODULE=off GOPROXY=off GOPATH=/usr/share/gocode go build -o jsbench .
//
// Usage: jsbench <shape> <url> <stream> <subject> <n> <size>. Prints {"rate": msgs/s, "cpuUs": CPU µs per message}. nats.go 1.22 has no
// pull-based ordered consumer and no consume(): "ordered-consume" uses its ordered push consumer and
// "consume-ack" a loop of Fetch(100), the closest shapes it has.
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
)

func must(err error, what string) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "jsbench: %s: %v\n", what, err)
		os.Exit(1)
	}
}

func main() {
	if len(os.Args) < 7 {
		fmt.Fprintln(os.Stderr, "usage: jsbench <shape> <url> <stream> <subject> <n> <size>")
		os.Exit(2)
	}
	shape, url, stream, subject := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	n, _ := strconv.Atoi(os.Args[5])
	size, _ := strconv.Atoi(os.Args[6])
	nc, err := nats.Connect(url)
	must(err, "connect")
	defer nc.Close()
	data := make([]byte, size)
	for i := range data {
		data[i] = 'x'
	}
	var js nats.JetStreamContext
	if shape == "publish-256" {
		js, err = nc.JetStream(nats.PublishAsyncMaxPending(256))
	} else {
		js, err = nc.JetStream()
	}
	must(err, "jetstream")
	durable := fmt.Sprintf("g%d", os.Getpid())
	if shape == "fetch-ack" || shape == "consume-ack" {
		_, err = js.AddConsumer(stream, &nats.ConsumerConfig{Durable: durable, AckPolicy: nats.AckExplicitPolicy})
		must(err, "add consumer")
	}
	var ru0 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	cpuStart := time.Duration(ru0.Utime.Nano() + ru0.Stime.Nano())
	start := time.Now()
	switch shape {
	case "publish-awaited":
		for i := 0; i < n; i++ {
			_, err := js.Publish(subject, data)
			must(err, "publish")
		}
	case "publish-256":
		for i := 0; i < n; i++ {
			_, err := js.PublishAsync(subject, data)
			must(err, "publish async")
		}
		select {
		case <-js.PublishAsyncComplete():
		case <-time.After(60 * time.Second):
			must(fmt.Errorf("timeout"), "publish async complete")
		}
	case "ordered-consume":
		var wg sync.WaitGroup
		wg.Add(1)
		k := 0
		sub, err := js.Subscribe(subject, func(m *nats.Msg) {
			k++
			if k == n {
				wg.Done()
			}
		}, nats.OrderedConsumer(), nats.BindStream(stream))
		must(err, "subscribe")
		wg.Wait()
		sub.Unsubscribe()
	case "fetch-ack", "consume-ack":
		batch := 256
		if shape == "consume-ack" {
			batch = 100
		}
		var cycles *fetchCycles
		if shape == "fetch-ack" {
			cycles = startFetchCycles(start)
		}
		sub, err := js.PullSubscribe(subject, durable, nats.Bind(stream, durable))
		must(err, "pull subscribe")
		for k := 0; k < n; {
			b := batch
			if n-k < b {
				b = n - k
			}
			cycles.mark()
			msgs, err := sub.Fetch(b, nats.MaxWait(5*time.Second))
			must(err, "fetch")
			for _, m := range msgs {
				m.Ack()
				k++
			}
		}
		cycles.stop()
	default:
		must(fmt.Errorf("unknown shape %s", shape), "shape")
	}
	must(nc.Flush(), "flush")
	elapsed := time.Since(start)
	if shape == "fetch-ack" || shape == "consume-ack" {
		js.DeleteConsumer(stream, durable)
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano()+ru.Stime.Nano()) - cpuStart
	fmt.Printf("{\"rate\":%f,\"cpuUs\":%f}\n", float64(n)/elapsed.Seconds(), float64(cpu.Microseconds())/float64(n))
}
