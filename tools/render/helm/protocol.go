package main

// The JSON messages the helm module answers, in the render module's shape (tools/render/protocol.go), so the same
// worker and Renderer carry them: one message in, one message out. Field names match
// server/src/core/render/helmTypes.ts.

// message is one call: "warm" renders a tiny chart so the first real render does not pay for helm's start-up,
// "render" templates one release.
type message struct {
	Op      string       `json:"op"`
	Request *helmRequest `json:"request,omitempty"`
}

// chartFile is one file of a chart, its path relative to the chart's root (e.g. templates/service.yaml,
// charts/db/Chart.yaml, charts/redis-1.0.0.tgz) and its bytes (base64 in JSON, since archives are binary).
type chartFile struct {
	Name string `json:"name"`
	Data []byte `json:"data"`
}

// helmRequest is a release as helm-controller installs it: the chart's files (or its .tgz archive), the values the HelmRelease supplies
// (valuesFrom and spec.values already merged), the release's name and namespace, and the Kubernetes version whose
// capabilities templates see.
type helmRequest struct {
	Files                []chartFile    `json:"files,omitempty"`
	Archive              []byte         `json:"archive,omitempty"`
	Values               map[string]any `json:"values,omitempty"`
	ReleaseName          string         `json:"releaseName"`
	Namespace            string         `json:"namespace"`
	KubeVersion          string         `json:"kubeVersion,omitempty"`
	SkipSchemaValidation bool           `json:"skipSchemaValidation,omitempty"`
	SkipCRDs             bool           `json:"skipCRDs,omitempty"`
}

type origin struct {
	Path string `json:"path"`
}

type renderedObject struct {
	APIVersion string         `json:"apiVersion"`
	Kind       string         `json:"kind"`
	Name       string         `json:"name"`
	Namespace  string         `json:"namespace,omitempty"`
	Origin     *origin        `json:"origin,omitempty"`
	Object     map[string]any `json:"object"`
}

type failure struct {
	Message string `json:"message"`
	Path    string `json:"path,omitempty"`
}

// renderResult is the render module's answer shape, plus what only a release has: its manifest as helm would
// store it (the input of a post-renderer) and the hooks left out of it.
type renderResult struct {
	Objects  []renderedObject `json:"objects"`
	Error    *failure         `json:"error,omitempty"`
	Warnings []string         `json:"warnings,omitempty"`
	Millis   float64          `json:"millis"`
	Manifest string           `json:"manifest,omitempty"`
	Hooks    []string         `json:"hooks,omitempty"`
	Chart    string           `json:"chart,omitempty"`
}
