//go:build !(js && wasm)

package main

import (
	"bufio"
	"os"
)

// The native entry, for tests and the bench: one JSON message a line on stdin, one answer a line on stdout.
func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 256<<20)
	out := bufio.NewWriter(os.Stdout)
	for in.Scan() {
		out.Write(encode(dispatch(in.Bytes())))
		out.WriteByte('\n')
		out.Flush()
	}
}
