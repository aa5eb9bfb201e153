package main

import (
	"fmt"
	"reflect"
	"sort"

	"flux-gitops/tools/render/internal/valuecodec"
	"k8s.io/kube-openapi/pkg/validation/spec"
	"sigs.k8s.io/kustomize/kyaml/openapi"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// builtinSchemaData holds kyaml's built-in OpenAPI definitions as kyaml parses them, encoded at build time
// (schemagen, added by the build with the fluxgitops_schema tag); empty in a build without it, which then parses
// the bundle as kyaml does.
var builtinSchemaData string

// builtinDefinitions decodes builtinSchemaData: a fresh copy each time, so nothing kustomize may change in one
// survives a reset.
func builtinDefinitions() (spec.Definitions, error) {
	var defs spec.Definitions
	err := valuecodec.Decode(builtinSchemaData, &defs)
	return defs, err
}

// loadBuiltinSchema gives kyaml its built-in schema: the decoded definitions when the build has them (kyaml is
// told not to parse its bundle, and indexes them as it would its own), else kyaml's own parse. Called by the
// warm-up and after any reset, before kyaml first reads its schema.
func loadBuiltinSchema() {
	if builtinSchemaData != "" {
		if defs, err := builtinDefinitions(); err == nil {
			openapi.SuppressBuiltInSchemaUse()
			openapi.AddDefinitions(defs)
		}
	}
	openapi.Schema()
}

// schemaCheckResult says whether the generated definitions are those kyaml parses.
type schemaCheckResult struct {
	Generated   bool     `json:"generated"`
	Definitions int      `json:"definitions"`
	Kinds       int      `json:"kinds"`
	Differences []string `json:"differences"`
}

// schemaCheck parses the bundle as kyaml does and compares, definition by definition, with what the generated
// code builds; then compares every kind's schema and namespace scope as kyaml answers them either way. It leaves
// the generated schema loaded.
func schemaCheck() schemaCheckResult {
	result := schemaCheckResult{Generated: builtinSchemaData != "", Differences: []string{}}
	if !result.Generated {
		return result
	}
	if _, err := builtinDefinitions(); err != nil {
		result.Differences = append(result.Differences, err.Error())
		return result
	}
	openapi.ResetOpenAPI()
	parsed := openapi.Schema().Definitions
	kinds := kindsOf(parsed)
	parsedKinds := kindAnswers(kinds)
	openapi.ResetOpenAPI()
	loadBuiltinSchema()
	loaded := openapi.Schema().Definitions
	result.Definitions, result.Kinds = len(parsed), len(kinds)
	for _, name := range sortedNames(parsed, loaded) {
		if !reflect.DeepEqual(parsed[name], loaded[name]) {
			result.Differences = append(result.Differences, "definition "+name)
		}
	}
	for i, answer := range kindAnswers(kinds) {
		if !reflect.DeepEqual(answer, parsedKinds[i]) {
			result.Differences = append(result.Differences, fmt.Sprintf("kind %s %s", kinds[i].APIVersion, kinds[i].Kind))
		}
	}
	return result
}

type kindAnswer struct {
	Schema           *spec.Schema
	Namespaced, Know bool
}

// kindAnswers asks kyaml what it knows of each kind: its schema and whether it is namespaced.
func kindAnswers(kinds []yaml.TypeMeta) []kindAnswer {
	out := make([]kindAnswer, len(kinds))
	for i, k := range kinds {
		if rs := openapi.SchemaForResourceType(k); rs != nil {
			out[i].Schema = rs.Schema
		}
		out[i].Namespaced, out[i].Know = openapi.IsNamespaceScoped(k)
	}
	return out
}

// kindsOf lists the kinds the definitions declare (x-kubernetes-group-version-kind), sorted.
func kindsOf(defs spec.Definitions) []yaml.TypeMeta {
	seen := map[yaml.TypeMeta]bool{}
	for _, d := range defs {
		gvks, _ := d.Extensions["x-kubernetes-group-version-kind"].([]interface{})
		for _, g := range gvks {
			m, _ := g.(map[string]interface{})
			group, _ := m["group"].(string)
			version, _ := m["version"].(string)
			kind, _ := m["kind"].(string)
			if group != "" {
				version = group + "/" + version
			}
			seen[yaml.TypeMeta{APIVersion: version, Kind: kind}] = true
		}
	}
	out := make([]yaml.TypeMeta, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].APIVersion+" "+out[i].Kind < out[j].APIVersion+" "+out[j].Kind
	})
	return out
}

func sortedNames(a, b spec.Definitions) []string {
	names := map[string]bool{}
	for n := range a {
		names[n] = true
	}
	for n := range b {
		names[n] = true
	}
	out := make([]string, 0, len(names))
	for n := range names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
