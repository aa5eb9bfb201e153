package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/fluxcd/pkg/envsubst"
	"github.com/fluxcd/pkg/envsubst/parse"
	"sigs.k8s.io/kustomize/api/resource"
	kyaml "sigs.k8s.io/kustomize/kyaml/yaml"
	"sigs.k8s.io/yaml"
)

// Post-build substitution as kustomize-controller applies it to each object of a build: the object's YAML
// through Flux's envsubst, skipped for an object labelled or annotated
// kustomize.toolkit.fluxcd.io/substitute: disabled, and not run at all when there is no variable (without
// strict substitution, a variable with no value becomes the empty string or its default).

const substituteKey = "kustomize.toolkit.fluxcd.io/substitute"

var varName = regexp.MustCompile(`^[_[:alpha:]][_[:alpha:][:digit:]]*$`)

// variables are the values one build substitutes, and whether unset ones are unknown rather than missing.
type variables struct {
	values  map[string]string
	unknown bool
}

// newVariables drops newlines from values as the controller does, and checks the names.
func newVariables(substitute map[string]string, unknown bool) (*variables, error) {
	v := &variables{values: make(map[string]string, len(substitute)), unknown: unknown}
	for name, value := range substitute {
		v.values[name] = strings.ReplaceAll(value, "\n", "")
	}
	for name := range v.values {
		if !varName.MatchString(name) {
			return nil, fmt.Errorf("'%s' var name is invalid, must match '%s'", name, varName.String())
		}
	}
	return v, nil
}

func substitutionDisabled(res *resource.Resource) bool {
	return res.GetLabels()[substituteKey] == "disabled" || res.GetAnnotations()[substituteKey] == "disabled"
}

// lookup is envsubst's mapping: a known value, "${NAME}" kept as written for an unknown one, else empty.
func (v *variables) lookup(name string) (string, bool) {
	if value, ok := v.values[name]; ok {
		return value, true
	}
	if v.unknown {
		return "${" + name + "}", true
	}
	return "", true
}

// substitute rewrites one object in place and returns the variables it uses with no value and no default.
func (v *variables) substitute(res *resource.Resource) ([]string, error) {
	if substitutionDisabled(res) || !holdsDollar(res.YNode(), 0) {
		return nil, nil
	}
	data, err := res.AsYAML()
	if err != nil {
		return nil, err
	}
	undefined := v.undefinedIn(string(data))
	if len(v.values) == 0 && !v.unknown {
		return undefined, nil
	}
	out, err := envsubst.Eval(string(data), v.lookup)
	if err != nil {
		return nil, fmt.Errorf("envsubst error: variable substitution failed: %w", err)
	}
	jsonData, err := yaml.YAMLToJSON([]byte(out))
	if err != nil {
		return nil, fmt.Errorf("envsubst error: YAMLToJSON: %w", err)
	}
	if err := res.UnmarshalJSON(jsonData); err != nil {
		return nil, fmt.Errorf("UnmarshalJSON: %w", err)
	}
	return undefined, nil
}

// undefinedIn lists, sorted and once each, the variables of text that have no value and no default.
func (v *variables) undefinedIn(text string) []string {
	if v.unknown {
		return nil
	}
	tree, err := parse.Parse(text)
	if err != nil {
		return nil // the substitution itself reports the error
	}
	found := map[string]bool{}
	v.collectUndefined(tree.Root, found)
	if len(found) == 0 {
		return nil
	}
	names := make([]string, 0, len(found))
	for name := range found {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func (v *variables) collectUndefined(node parse.Node, found map[string]bool) {
	switch n := node.(type) {
	case *parse.ListNode:
		for _, child := range n.Nodes {
			v.collectUndefined(child, found)
		}
	case *parse.FuncNode:
		// envsubst evaluates every argument (a default may itself be a variable) before the variable.
		for _, arg := range n.Args {
			v.collectUndefined(arg, found)
		}
		if _, ok := v.values[n.Param]; !ok && !providesDefault(n.Name) {
			found[n.Param] = true
		}
	}
}

// providesDefault says whether an expansion operator handles an unset variable itself (${VAR:=x}, ${VAR-x}...).
func providesDefault(op string) bool {
	switch op {
	case "-", "+", "=", "?", ":-", ":+", ":=", ":?":
		return true
	}
	return false
}

// holdsDollar says whether a "$" is in any key or value of the object, which is the only way one gets into the
// YAML text envsubst reads. Without one, the controller's round trip (the object written as YAML, substituted,
// read back through JSON) gives the object back as it was, so it is skipped: it is most of a render's time in
// WebAssembly (the render tests compare the output with kustomize's on the corpora). An alias, or a tree deeper
// than any manifest, takes the controller's way.
func holdsDollar(n *kyaml.Node, depth int) bool {
	if n == nil {
		return false
	}
	if n.Kind == kyaml.AliasNode || depth > maxSubstituteDepth {
		return true
	}
	if n.Kind == kyaml.ScalarNode {
		return strings.Contains(n.Value, "$")
	}
	for _, child := range n.Content {
		if holdsDollar(child, depth+1) {
			return true
		}
	}
	return false
}

// maxSubstituteDepth bounds holdsDollar's walk; a deeper tree is substituted the controller's way.
const maxSubstituteDepth = 200
