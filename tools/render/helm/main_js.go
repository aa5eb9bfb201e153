//go:build js && wasm

package main

import (
	"os"
	"syscall/js"
)

// The WebAssembly entry, shaped like the render module's (tools/render/main_js.go) so the same worker loads it:
// globalThis.fluxGitopsRender(json) answers one message; globalThis.fluxGitopsSync exists for the worker but the
// helm module keeps no file set (a release brings its chart's files with it).
func main() {
	os.Setenv("PATH", "")
	js.Global().Set("fluxGitopsRender", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return `{"objects":[],"error":{"message":"fluxGitopsRender takes one JSON string"}}`
		}
		return string(encode(dispatch([]byte(args[0].String()))))
	}))
	js.Global().Set("fluxGitopsSync", js.FuncOf(func(this js.Value, args []js.Value) any {
		return `{"files":0}`
	}))
	js.Global().Call("fluxGitopsRenderReady")
	select {}
}
