package main

import (
	"fmt"
	"path"
	"sort"
	"strings"

	release "helm.sh/helm/v4/pkg/release/v1"
	releaseutil "helm.sh/helm/v4/pkg/release/v1/util"
	"sigs.k8s.io/yaml"
)

// document is one rendered object, parsed once: helm's own sorter (releaseutil.SortManifests) parses every
// document for its kind and annotations and the answer needs each whole object, so sorting here from the one
// parse halves the YAML work of a render (the costliest part of a render in WebAssembly: see the README).
type document struct {
	path    string
	content string
	kind    string
	object  map[string]any
}

// hookEvents are the events helm knows in its hook annotation (release/v1/util's table); a document naming any
// other is skipped altogether, as helm skips it.
var hookEvents = map[string]bool{
	"pre-install": true, "post-install": true, "pre-delete": true, "post-delete": true, "pre-upgrade": true,
	"post-upgrade": true, "pre-rollback": true, "post-rollback": true, "test": true, "test-success": true,
}

// sortRendered does what helm's SortManifests does for an install: templates in path order (partials and blank
// files skipped), documents in file order, hooks (the `helm.sh/hook` annotation) set apart, then a stable sort
// by kind in InstallOrder, unknown kinds last and alphabetically.
func sortRendered(files map[string]string) ([]document, []string, error) {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var docs []document
	var hooks []string
	for _, p := range paths {
		content := files[p]
		if strings.HasPrefix(path.Base(p), "_") || strings.TrimSpace(content) == "" {
			continue
		}
		entries := releaseutil.SplitManifests(content)
		keys := make([]string, 0, len(entries))
		for k := range entries {
			keys = append(keys, k)
		}
		sort.Sort(releaseutil.BySplitManifestsOrder(keys))
		for _, k := range keys {
			doc, hook, err := parseDocument(p, entries[k])
			if err != nil {
				return nil, nil, err
			}
			switch {
			case hook == "":
				docs = append(docs, doc)
			case hook != "skip":
				hooks = append(hooks, hook)
			}
		}
	}
	sortByKind(docs)
	return docs, hooks, nil
}

// parseDocument parses one document; hook is its line for the answer's hook list, "skip" for a hook of an
// unknown event, empty for a document of the release's manifest.
func parseDocument(file, content string) (document, string, error) {
	var obj map[string]any
	if err := yaml.Unmarshal([]byte(content), &obj); err != nil {
		return document{}, "", fmt.Errorf("YAML parse error on %s: %w", file, err)
	}
	kind, _ := obj["kind"].(string)
	doc := document{path: file, content: content, kind: kind, object: obj}
	meta, _ := obj["metadata"].(map[string]any)
	annotations, _ := meta["annotations"].(map[string]any)
	value, isHook := annotations[release.HookAnnotation]
	if !isHook {
		return doc, "", nil
	}
	events, _ := value.(string)
	for _, e := range strings.Split(events, ",") {
		if !hookEvents[strings.ToLower(strings.TrimSpace(e))] {
			return doc, "skip", nil
		}
	}
	name, _ := meta["name"].(string)
	return doc, fmt.Sprintf("%s %s (%s)", kind, name, file), nil
}

// installRank is each kind's place in helm's install order.
var installRank = func() map[string]int {
	rank := make(map[string]int, len(releaseutil.InstallOrder))
	for i, k := range releaseutil.InstallOrder {
		rank[k] = i
	}
	return rank
}()

func sortByKind(docs []document) {
	sort.SliceStable(docs, func(i, j int) bool {
		a, aok := installRank[docs[i].kind]
		b, bok := installRank[docs[j].kind]
		switch {
		case !aok && !bok:
			return docs[i].kind < docs[j].kind
		case !aok:
			return false
		case !bok:
			return true
		}
		return a < b
	})
}
