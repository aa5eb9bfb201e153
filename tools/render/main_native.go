//go:build !(js && wasm)

package main

import (
	"bufio"
	"os"
)

// The native entry, for the comparison tests and the bench: the same messages as the WebAssembly entry,
// one JSON message a line on stdin, one JSON answer a line on stdout.
func main() {
	os.Setenv("PATH", "") // no git to run: remote bases are refused, never cloned
	r := newRenderer()
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<30)
	out := bufio.NewWriter(os.Stdout)
	for in.Scan() {
		out.Write(encode(dispatch(r, in.Bytes())))
		out.WriteByte('\n')
		out.Flush()
	}
}
