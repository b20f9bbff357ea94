package main

// The BENCH_CYCLES=1 diagnostic of the fetch loop, as the Node worker prints it (bench/src/run-diagnostics.ts,
// formatFetchCycles): the wall time from the timed window's start to each Fetch call, reported on stderr as
// the first cycle, cycles 2-40 and the steady state, so that the warm-ups of the clients can be compared.

import (
	"fmt"
	"os"
	"sort"
	"time"
)

type fetchCycles struct {
	start  time.Time
	starts []float64 // ms since start, one per Fetch, then the end
}

// startFetchCycles returns nil unless BENCH_CYCLES=1.
func startFetchCycles(start time.Time) *fetchCycles {
	if os.Getenv("BENCH_CYCLES") != "1" {
		return nil
	}
	return &fetchCycles{start: start}
}

func (c *fetchCycles) mark() {
	if c != nil {
		c.starts = append(c.starts, float64(time.Since(c.start).Nanoseconds())/1e6)
	}
}

func (c *fetchCycles) stop() {
	if c == nil {
		return
	}
	c.mark()
	s := c.starts
	if len(s) < 2 {
		fmt.Fprintln(os.Stderr, "fetch cycles: none")
		return
	}
	cycles := make([]float64, len(s)-1)
	for i := range cycles {
		cycles[i] = s[i+1] - s[i]
	}
	sum := func(xs []float64) float64 {
		t := 0.0
		for _, x := range xs {
			t += x
		}
		return t
	}
	end := 40
	if end > len(cycles) {
		end = len(cycles)
	}
	early := cycles[1:end]
	steady := cycles[end:]
	line := fmt.Sprintf("fetch cycles: %d; start to first fetch %.1f ms; cycle 1 %.1f ms; ", len(cycles), s[0], cycles[0])
	if len(early) > 0 {
		line += fmt.Sprintf("cycles 2-%d %.1f ms; ", len(early)+1, sum(early))
	}
	if len(steady) > 0 {
		sorted := append([]float64(nil), steady...)
		sort.Float64s(sorted)
		line += fmt.Sprintf("cycles 41-%d: %.1f ms, median %.0f µs, mean %.0f µs", len(cycles), sum(steady), sorted[len(sorted)/2]*1000, sum(steady)/float64(len(steady))*1000)
	} else {
		line += "no cycles past 40"
	}
	fmt.Fprintln(os.Stderr, line)
}
