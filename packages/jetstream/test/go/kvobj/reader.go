package main

import (
	"bytes"
	"io"
)

// bytesReader hands out the data in small reads, as a file or socket would.
func bytesReader(b []byte) io.Reader { return &smallReads{r: bytes.NewReader(b)} }

type smallReads struct{ r *bytes.Reader }

func (s *smallReads) Read(p []byte) (int, error) {
	if len(p) > 10000 {
		p = p[:10000]
	}
	return s.r.Read(p)
}
