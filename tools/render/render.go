package main

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"strings"
	"time"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/provider"
	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/api/resource"
	kustypes "sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/openapi"
)

// renderer owns the file set and answers render requests one at a time.
type renderer struct {
	files *fileSet
	rf    *resource.Factory
	// defaultSchema is kustomize's built-in OpenAPI schema version: kept parsed between builds, and reset only
	// after a build that loaded a custom schema (a kustomization's `openapi:` field), so it never leaks.
	defaultSchema string
}

func newRenderer() *renderer {
	log.SetFlags(0)
	log.SetOutput(io.Discard)
	return &renderer{
		files:         newFileSet(),
		rf:            provider.NewDefaultDepProvider().GetResourceFactory(),
		defaultSchema: openapi.GetSchemaVersion(),
	}
}

func (r *renderer) sync(files map[string]*string, reset bool) syncResult {
	err := r.files.apply(files, reset)
	result := syncResult{Files: r.files.count}
	if err != nil {
		result.Error = &failure{Message: err.Error()}
	}
	return result
}

func (r *renderer) render(req *renderRequest) renderResult {
	started := time.Now()
	var logged bytes.Buffer
	log.SetOutput(&logged) // kustomize logs its warnings (deprecated fields...): they belong to this render
	defer log.SetOutput(io.Discard)
	objects, fail := r.renderObjects(req)
	result := renderResult{Objects: objects, Error: fail, Warnings: warnings(logged.String())}
	result.Millis = float64(time.Since(started).Microseconds()) / 1000
	if result.Objects == nil {
		result.Objects = []renderedObject{}
	}
	return result
}

// renderObjects builds, substitutes and converts; any panic in kustomize becomes an error of this render.
func (r *renderer) renderObjects(req *renderRequest) (objects []renderedObject, fail *failure) {
	dir := absPath(req.Path)
	defer func() {
		if p := recover(); p != nil {
			objects, fail = nil, &failure{Message: fmt.Sprintf("recovered from kustomize build panic: %v", p), Path: rel(dir)}
		}
	}()
	if !r.files.fs.IsDir(dir) {
		return nil, &failure{Message: fmt.Sprintf("kustomization path not found: %s", rel(dir)), Path: rel(dir)}
	}
	found := inspect(r.files.fs, dir)
	if found.remote != nil {
		return nil, &failure{Message: "kustomize build failed: " + found.remote.Error(), Path: found.remote.file}
	}
	for _, w := range found.warnings {
		log.Print(w)
	}
	m, stripOrigins, fail := r.build(dir, req)
	if fail != nil {
		return nil, fail
	}
	return r.convert(m, dir, req, stripOrigins)
}

// build runs kustomize as kustomize-controller does: no load restrictions inside the source, built-in
// plugins only.
func (r *renderer) build(dir string, req *renderRequest) (resmap.ResMap, bool, *failure) {
	root, stripOrigins, err := prepare(r.files.fs, r.rf, dir, req)
	if err != nil {
		return nil, false, &failure{Message: err.Error(), Path: rel(dir)}
	}
	defer root.restore(r.files.fs)
	defer r.keepSchema()
	k := krusty.MakeKustomizer(&krusty.Options{
		LoadRestrictions: kustypes.LoadRestrictionsNone,
		PluginConfig:     kustypes.DisabledPluginConfig(),
	})
	m, err := k.Run(r.files.fs, dir)
	if err != nil {
		return nil, false, &failure{Message: "kustomize build failed: " + err.Error(), Path: rel(root.file)}
	}
	return m, stripOrigins, nil
}

func (r *renderer) keepSchema() {
	if openapi.GetSchemaVersion() != r.defaultSchema {
		openapi.ResetOpenAPI()
		loadBuiltinSchema()
	}
}

// rel turns an in-memory path back into a repository-relative one ("" for the root).
func rel(p string) string {
	return strings.TrimPrefix(p, "/")
}

// warnings splits kustomize's log lines (logged without a timestamp), once each.
func warnings(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !seen[line] {
			seen[line] = true
			out = append(out, line)
		}
	}
	return out
}
