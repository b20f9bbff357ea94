// This file is not a package of its own: the nats-stack bench adds it to Debian's nats.go package at build
// time with `go build -overlay` (bench/src/go-build.ts), so the benchmark can drive nats.go's unexported
// parser over bytes without a network and without touching /usr/share/gocode. It uses only what nats.go's
// own parser tests use (a Conn with a parseState, as TestParserSplitMsg does) and its test-only message
// filters (addMsgFilter), which take each fully built *Msg before it is queued to a subscription.

package nats

import "sync/atomic"

// BenchParser returns nats.go's parse function on a Conn that has no socket, and a counter of the MSG/HMSG
// frames it processed. With a sink, sid is a subscription on subject and every message is built as for a
// real subscriber (subject and reply strings, payload copy, headers decoded), handed to sink, then dropped
// before any queueing. Without a sink, sid has no subscription: processMsg counts the frame and returns
// after the sid lookup, which leaves the parser's state machine alone.
func BenchParser(sid int64, subject string, sink func(*Msg)) (parse func([]byte) error, frames func() uint64) {
	nc := &Conn{}
	nc.ps = &parseState{}
	nc.subs = make(map[int64]*Subscription)
	if sink != nil {
		nc.subs[sid] = &Subscription{sid: sid, Subject: subject, conn: nc}
		nc.filters = map[string]msgFilter{subject: func(m *Msg) *Msg {
			sink(m)
			return nil
		}}
	}
	return nc.parse, func() uint64 { return atomic.LoadUint64(&nc.InMsgs) }
}
