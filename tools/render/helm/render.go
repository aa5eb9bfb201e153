package main

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/loader/archive"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
	"helm.sh/helm/v4/pkg/engine"
	"sigs.k8s.io/yaml"
)

// Bounds on what one release may produce, so a hostile chart cannot fill the server's memory with its answer.
const (
	maxManifestBytes = 32 << 20
	maxObjects       = 20000
	defaultKube      = "v1.36.0"
)

// render templates one release the way helm's install action does for helm-controller: dependencies enabled by
// their conditions and tags, the values coalesced with the chart's defaults and checked against values.schema.json,
// every template rendered with the release's options and the capabilities of the Kubernetes version asked for,
// NOTES.txt dropped, and hooks (tests among them) split off, since they are not part of the release's manifest.
func render(req *helmRequest) renderResult {
	started := time.Now()
	result := renderRelease(req)
	result.Millis = float64(time.Since(started).Microseconds()) / 1000
	return result
}

func renderRelease(req *helmRequest) renderResult {
	chrt, err := loadChart(req.Files, req.Archive)
	if err != nil {
		return failed(err.Error())
	}
	caps, err := capabilities(req.KubeVersion)
	if err != nil {
		return failed(err.Error())
	}
	if kv := chrt.Metadata.KubeVersion; kv != "" && !chartutil.IsCompatibleRange(kv, caps.KubeVersion.String()) {
		return failed(fmt.Sprintf("chart requires kubeVersion: %s which is incompatible with Kubernetes %s", kv, caps.KubeVersion.Version))
	}
	vals := req.Values
	if vals == nil {
		vals = map[string]any{}
	}
	if err := chartutil.ProcessDependencies(chrt, vals); err != nil {
		return failed(fmt.Sprintf("chart dependencies processing failed: %v", err))
	}
	options := common.ReleaseOptions{Name: req.ReleaseName, Namespace: req.Namespace, Revision: 1, IsInstall: true}
	values, err := util.ToRenderValuesWithSchemaValidation(chrt, vals, options, caps, req.SkipSchemaValidation)
	if err != nil {
		return failed(err.Error())
	}
	files, err := engine.Engine{}.Render(chrt, values)
	if err != nil {
		return failed(err.Error())
	}
	return manifestOf(chrt, files, req.SkipCRDs)
}

// loadChart builds a chart from in-memory files (a chart folder) or a .tgz archive, with helm's own loader
// (which bounds what an archive may unpack to).
func loadChart(files []chartFile, tgz []byte) (*chart.Chart, error) {
	var chrt *chart.Chart
	var err error
	switch {
	case len(tgz) > 0:
		chrt, err = loader.LoadArchive(bytes.NewReader(tgz))
	case len(files) > 0:
		buffered := make([]*archive.BufferedFile, 0, len(files))
		for _, f := range files {
			buffered = append(buffered, &archive.BufferedFile{Name: f.Name, Data: f.Data})
		}
		chrt, err = loader.LoadFiles(buffered)
	default:
		return nil, fmt.Errorf("the chart has no files")
	}
	if err != nil {
		return nil, err
	}
	if err := chrt.Validate(); err != nil {
		return nil, fmt.Errorf("invalid chart: %w", err)
	}
	return chrt, nil
}

// capabilities are helm's defaults (the API versions client-go knows) with the Kubernetes version asked for.
func capabilities(version string) (*common.Capabilities, error) {
	if version == "" {
		version = defaultKube
	}
	kv, err := common.ParseKubeVersion(version)
	if err != nil {
		return nil, fmt.Errorf("kubeVersion %q: %w", version, err)
	}
	caps := common.DefaultCapabilities.Copy()
	caps.KubeVersion = *kv
	return caps, nil
}

// manifestOf turns rendered templates into the release's objects, in helm's install order, CRDs of crds/ first
// (helm-controller creates them on install), hooks and NOTES.txt left out.
func manifestOf(chrt *chart.Chart, files map[string]string, skipCRDs bool) renderResult {
	for name := range files {
		if strings.HasSuffix(name, "NOTES.txt") {
			delete(files, name)
		}
	}
	docs, hooks, err := sortRendered(files)
	if err != nil {
		return failed(err.Error())
	}
	result := renderResult{Objects: []renderedObject{}, Chart: chrt.Name() + "-" + chrt.Metadata.Version}
	var manifest strings.Builder
	if !skipCRDs {
		for _, crd := range chrt.CRDObjects() {
			if err := result.addText(&manifest, crd.Filename, string(crd.File.Data)); err != nil {
				return failed(err.Error())
			}
		}
	}
	for _, d := range docs {
		if err := result.add(&manifest, d.path, strings.TrimSpace(d.content), d.object); err != nil {
			return failed(err.Error())
		}
	}
	result.Hooks = hooks
	sort.Strings(result.Hooks)
	result.Manifest = manifest.String()
	return result
}

// addText appends the documents of a file (a CRD file may hold several), parsing each.
func (r *renderResult) addText(manifest *strings.Builder, source, content string) error {
	for _, doc := range splitDocuments(content) {
		var obj map[string]any
		if err := yaml.Unmarshal([]byte(doc), &obj); err != nil {
			return fmt.Errorf("%s: %v", source, err)
		}
		if err := r.add(manifest, source, doc, obj); err != nil {
			return err
		}
	}
	return nil
}

// add appends one parsed document to the manifest and to the objects, within the bounds.
func (r *renderResult) add(manifest *strings.Builder, source, doc string, obj map[string]any) error {
	if manifest.Len()+len(doc) > maxManifestBytes || len(r.Objects) >= maxObjects {
		return fmt.Errorf("the release renders more than %d MiB or %d objects", maxManifestBytes>>20, maxObjects)
	}
	if obj == nil {
		return nil
	}
	fmt.Fprintf(manifest, "---\n# Source: %s\n%s\n", source, doc)
	r.Objects = append(r.Objects, objectOf(obj, source))
	return nil
}

func objectOf(obj map[string]any, source string) renderedObject {
	meta, _ := obj["metadata"].(map[string]any)
	str := func(m map[string]any, key string) string {
		s, _ := m[key].(string)
		return s
	}
	return renderedObject{
		APIVersion: str(obj, "apiVersion"),
		Kind:       str(obj, "kind"),
		Name:       str(meta, "name"),
		Namespace:  str(meta, "namespace"),
		Origin:     &origin{Path: path.Clean(source)},
		Object:     obj,
	}
}

// splitDocuments cuts a YAML stream at its `---` lines, dropping empty documents.
func splitDocuments(content string) []string {
	var docs []string
	var cur strings.Builder
	flush := func() {
		if doc := strings.TrimSpace(cur.String()); doc != "" {
			docs = append(docs, doc)
		}
		cur.Reset()
	}
	for _, line := range strings.SplitAfter(content, "\n") {
		if strings.HasPrefix(strings.TrimRight(line, " \t\r\n"), "---") && strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "---")) == "" {
			flush()
			continue
		}
		cur.WriteString(line)
	}
	flush()
	return docs
}
