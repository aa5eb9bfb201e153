package main

// The JSON messages the render module answers: one message in, one message out, the same for the
// WebAssembly entry (a function on globalThis) and the native entry (one message a line on stdin).
// Field names match server/src/core/render/types.ts.

// message is one call: "sync" applies file deltas, "warm" loads kustomize's schema ahead of the first
// render, "render" builds one folder, "schemacheck" compares the built-in schema the build encoded with kyaml's parse.
type message struct {
	Op      string             `json:"op"`
	Files   map[string]*string `json:"files,omitempty"`
	Reset   bool               `json:"reset,omitempty"`
	Request *renderRequest     `json:"request,omitempty"`
}

// syncResult answers a "sync": how many files the set holds now.
type syncResult struct {
	Files int      `json:"files"`
	Error *failure `json:"error,omitempty"`
}

type patchTarget struct {
	Group              string `json:"group,omitempty"`
	Version            string `json:"version,omitempty"`
	Kind               string `json:"kind,omitempty"`
	Name               string `json:"name,omitempty"`
	Namespace          string `json:"namespace,omitempty"`
	LabelSelector      string `json:"labelSelector,omitempty"`
	AnnotationSelector string `json:"annotationSelector,omitempty"`
}

type patch struct {
	Patch  string       `json:"patch"`
	Target *patchTarget `json:"target,omitempty"`
}

type image struct {
	Name    string `json:"name"`
	NewName string `json:"newName,omitempty"`
	NewTag  string `json:"newTag,omitempty"`
	Digest  string `json:"digest,omitempty"`
}

type commonMetadata struct {
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// renderRequest is a folder and the Flux Kustomization fields kustomize-controller merges into its build.
// A nil Substitute means the Flux Kustomization has no postBuild: no substitution at all.
type renderRequest struct {
	Path                    string            `json:"path"`
	TargetNamespace         string            `json:"targetNamespace,omitempty"`
	NamePrefix              string            `json:"namePrefix,omitempty"`
	NameSuffix              string            `json:"nameSuffix,omitempty"`
	Patches                 []patch           `json:"patches,omitempty"`
	Images                  []image           `json:"images,omitempty"`
	Components              []string          `json:"components,omitempty"`
	IgnoreMissingComponents bool              `json:"ignoreMissingComponents,omitempty"`
	CommonMetadata          *commonMetadata   `json:"commonMetadata,omitempty"`
	Substitute              map[string]string `json:"substitute,omitempty"`
	UnknownVariables        bool              `json:"unknownVariables,omitempty"`
}

type origin struct {
	Path         string `json:"path"`
	ConfiguredIn string `json:"configuredIn,omitempty"`
}

type renderedObject struct {
	APIVersion         string         `json:"apiVersion"`
	Kind               string         `json:"kind"`
	Name               string         `json:"name"`
	Namespace          string         `json:"namespace,omitempty"`
	Origin             *origin        `json:"origin,omitempty"`
	Object             map[string]any `json:"object"`
	UndefinedVariables []string       `json:"undefinedVariables,omitempty"`
}

type failure struct {
	Message string `json:"message"`
	Path    string `json:"path,omitempty"`
}

type renderResult struct {
	Objects  []renderedObject `json:"objects"`
	Error    *failure         `json:"error,omitempty"`
	Warnings []string         `json:"warnings,omitempty"`
	Millis   float64          `json:"millis"`
}
