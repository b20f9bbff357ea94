// Command natsgo-bench is the nats.go contender of the nats-stack benchmarks (bench/), plus the neutral
// helper processes every contender is measured against. It is built offline against Debian's
// golang-github-nats-io-go-nats-dev with ../nats-hook added to the nats package by an overlay
// (bench/src/go-build.ts):
//
//	GO111MODULE=off GOPROXY=off GOPATH=/usr/share/gocode go build -overlay <json> -o natsgo-bench .
//
// Usage:
//
//	natsgo-bench contender <shapeId> <params JSON>   one run of a shape; prints {"metrics":{…}} (see bench/src/interleaved.ts)
//	natsgo-bench publish <url> <subject> <count> <size>   publishes count messages, flushes, exits
//	natsgo-bench respond <url> <subject>              answers every request with its payload until killed
//	natsgo-bench version                              prints nats.go's version
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "natsgo-bench: "+format+"\n", args...)
	os.Exit(1)
}

func must(err error, what string) {
	if err != nil {
		fail("%s: %v", what, err)
	}
}

func emit(v interface{}) {
	b, err := json.Marshal(v)
	must(err, "encode output")
	os.Stdout.Write(append(b, '\n'))
}

func connect(url string, name string) *nats.Conn {
	nc, err := nats.Connect(url, nats.Name(name))
	must(err, "connect")
	return nc
}

// peakRssMiB is this program's peak resident set in MiB: VmHWM of /proc/self/status, which belongs to the
// address space exec made. getrusage's ru_maxrss is not used where /proc is there: Linux carries it over
// exec from the process that forked, so a contender spawned by a 76 MiB harness would report at least 76 MiB.
func peakRssMiB(ru syscall.Rusage) float64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
				if kib, err := strconv.ParseFloat(f[1], 64); err == nil {
					return kib / 1024
				}
			}
		}
	}
	return float64(ru.Maxrss) / 1024
}

func atoi(s, what string) int {
	n, err := strconv.Atoi(s)
	must(err, what)
	return n
}

func main() {
	if len(os.Args) < 2 {
		fail("usage: natsgo-bench contender|publish|respond|version …")
	}
	switch os.Args[1] {
	case "version":
		fmt.Println(nats.Version)
	case "publish":
		if len(os.Args) != 6 {
			fail("usage: natsgo-bench publish <url> <subject> <count> <size>")
		}
		publish(os.Args[2], os.Args[3], atoi(os.Args[4], "count"), atoi(os.Args[5], "size"))
	case "respond":
		if len(os.Args) != 4 {
			fail("usage: natsgo-bench respond <url> <subject>")
		}
		respond(os.Args[2], os.Args[3])
	case "contender":
		if len(os.Args) != 4 {
			fail("usage: natsgo-bench contender <shapeId> <params JSON>")
		}
		var p params
		must(json.Unmarshal([]byte(os.Args[3]), &p), "params")
		metrics := runShape(os.Args[2], p)
		// Peak resident set (MiB) and minor page faults of the whole process, as the Node contenders report.
		var ru syscall.Rusage
		must(syscall.Getrusage(syscall.RUSAGE_SELF, &ru), "getrusage")
		metrics["peakRss"] = peakRssMiB(ru)
		metrics["minorFaults"] = float64(ru.Minflt)
		emit(map[string]interface{}{"metrics": metrics})
	default:
		fail("unknown command %q", os.Args[1])
	}
}

// publish: the neutral source of the sub-only shape, the same process for every contender.
func publish(url, subject string, count, size int) {
	nc := connect(url, "bench-publisher")
	data := payload(size)
	for i := 0; i < count; i++ {
		must(nc.Publish(subject, data), "publish")
	}
	must(nc.FlushTimeout(time.Minute), "flush")
	nc.Close()
}

// respond: the neutral responder of the request shape, the same process for every contender. It prints
// {"event":"ready"} once its subscription is known to the server.
func respond(url, subject string) {
	nc := connect(url, "bench-responder")
	sub, err := nc.Subscribe(subject, func(m *nats.Msg) {
		if err := m.Respond(m.Data); err != nil {
			fmt.Fprintf(os.Stderr, "natsgo-bench respond: %v\n", err)
		}
	})
	must(err, "subscribe")
	must(sub.SetPendingLimits(-1, -1), "pending limits")
	must(nc.FlushTimeout(time.Minute), "flush")
	emit(map[string]string{"event": "ready"})
	select {}
}
