package main

import (
	"bufio"
	"debug/elf"
	"debug/gosym"
	"fmt"
	"os"
	"regexp"
	"strconv"
)

// Command perf-symbols names the addresses of a stripped Go binary (Debian's nats-server has no symbol table,
// but every Go binary keeps .gopclntab for its own stack traces): it reads lines on stdin and replaces each
// hex address found in them by the name of the Go function that holds it. Built offline:
//
//	GO111MODULE=off GOFLAGS= go build -o perf-symbols .
//
// bench/experiments/server-profile.mjs runs it over `perf script -F ip` of BENCH_SERVER_PERF's recordings.
func main() {
	f, err := elf.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	pcln := f.Section(".gopclntab")
	data, _ := pcln.Data()
	text := f.Section(".text")
	lt := gosym.NewLineTable(data, text.Addr)
	tab, err := gosym.NewTable(nil, lt)
	if err != nil {
		panic(err)
	}
	re := regexp.MustCompile(`\b([0-9a-f]{6,16})\b`)
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for sc.Scan() {
		line := re.ReplaceAllStringFunc(sc.Text(), func(s string) string {
			pc, err := strconv.ParseUint(s, 16, 64)
			if err != nil {
				return s
			}
			if fn := tab.PCToFunc(pc); fn != nil {
				return fn.Name
			}
			return s
		})
		fmt.Fprintln(w, line)
	}
}
