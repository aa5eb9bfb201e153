//go:build js && wasm

package main

import (
	"os"
	"syscall/js"
)

// The WebAssembly entry: globalThis.fluxGitopsRender(json) answers one message (see protocol.go) with JSON, and
// globalThis.fluxGitopsSync(paths, texts) applies a file delta given as two arrays (a null text deletes), which
// spares decoding megabytes of JSON on the first sync. Go's runtime then waits for calls forever; the worker
// that loaded it ends it by exiting.
func main() {
	os.Setenv("PATH", "") // no git to run: remote bases are refused, never cloned
	r := newRenderer()
	js.Global().Set("fluxGitopsRender", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return `{"error":{"message":"fluxGitopsRender takes one JSON string"}}`
		}
		return string(handle(r, []byte(args[0].String())))
	}))
	js.Global().Set("fluxGitopsSync", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 2 {
			return `{"error":{"message":"fluxGitopsSync takes paths and texts"}}`
		}
		return string(encode(r.sync(delta(args[0], args[1]), false)))
	}))
	js.Global().Call("fluxGitopsRenderReady")
	select {}
}

// handle decodes one message and encodes its answer.
func handle(r *renderer, data []byte) []byte {
	return encode(dispatch(r, data))
}

// delta reads a file delta from two JavaScript arrays of the same length: paths, and texts or null.
func delta(paths, texts js.Value) map[string]*string {
	files := make(map[string]*string, paths.Length())
	for i := 0; i < paths.Length(); i++ {
		var text *string
		if t := texts.Index(i); t.Type() == js.TypeString {
			s := t.String()
			text = &s
		}
		files[paths.Index(i).String()] = text
	}
	return files
}
