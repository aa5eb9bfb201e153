package main

import (
	"fmt"
	"path"

	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/api/resource"
)

// From kustomize's output to rendered objects: where each came from, then what kustomize-controller does to
// each before it applies it (post-build substitution, spec.commonMetadata).

// convert reads each object's origin, removes the annotations we asked for, substitutes and flattens.
func (r *renderer) convert(m resmap.ResMap, dir string, req *renderRequest, stripOrigins bool) ([]renderedObject, *failure) {
	resources := m.Resources()
	origins := make([]*origin, len(resources))
	for i, res := range resources {
		if res.GetName() == "" || res.GetKind() == "" || res.GetApiVersion() == "" {
			return nil, &failure{Message: fmt.Sprintf("failed to decode Kubernetes apiVersion, kind and name from: %v", res.String()), Path: rel(dir)}
		}
		origins[i] = originOf(res, dir)
	}
	if stripOrigins {
		if err := m.RemoveOriginAnnotations(); err != nil {
			return nil, &failure{Message: err.Error(), Path: rel(dir)}
		}
	}
	var vars *variables
	if req.Substitute != nil {
		v, err := newVariables(req.Substitute, req.UnknownVariables)
		if err != nil {
			return nil, &failure{Message: err.Error(), Path: rel(dir)}
		}
		vars = v
	}
	objects := make([]renderedObject, 0, len(resources))
	for i, res := range m.Resources() {
		obj, err := toObject(res, vars, req.CommonMetadata)
		if err != nil {
			return nil, &failure{Message: fmt.Sprintf("post build failed for '%s': %v", res.GetName(), err), Path: originPath(origins[i], dir)}
		}
		obj.Origin = origins[i]
		objects = append(objects, obj)
	}
	return objects, nil
}

func toObject(res *resource.Resource, vars *variables, meta *commonMetadata) (renderedObject, error) {
	var undefined []string
	if vars != nil {
		u, err := vars.substitute(res)
		if err != nil {
			return renderedObject{}, err
		}
		undefined = u
	}
	if meta != nil {
		if err := applyCommonMetadata(res, meta); err != nil {
			return renderedObject{}, err
		}
	}
	obj, err := res.Map()
	if err != nil {
		return renderedObject{}, err
	}
	return renderedObject{
		APIVersion:         res.GetApiVersion(),
		Kind:               res.GetKind(),
		Name:               res.GetName(),
		Namespace:          res.GetNamespace(),
		Object:             obj,
		UndefinedVariables: undefined,
	}, nil
}

// applyCommonMetadata sets spec.commonMetadata on an object's own metadata (never on selectors or templates),
// overriding keys it already has, as the controller does before it applies.
func applyCommonMetadata(res *resource.Resource, meta *commonMetadata) error {
	if len(meta.Labels) > 0 {
		if err := res.SetLabels(merged(res.GetLabels(), meta.Labels)); err != nil {
			return err
		}
	}
	if len(meta.Annotations) > 0 {
		return res.SetAnnotations(merged(res.GetAnnotations(), meta.Annotations))
	}
	return nil
}

func merged(base, extra map[string]string) map[string]string {
	out := make(map[string]string, len(base)+len(extra))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

// originOf turns kustomize's origin annotation (paths relative to the built folder) into repository paths.
func originOf(res *resource.Resource, dir string) *origin {
	o, err := res.GetOrigin()
	if err != nil || o == nil || o.Repo != "" {
		return nil
	}
	if o.ConfiguredIn != "" {
		configured := rel(path.Join(dir, o.ConfiguredIn))
		return &origin{Path: configured, ConfiguredIn: configured}
	}
	if o.Path == "" {
		return nil
	}
	return &origin{Path: rel(path.Join(dir, o.Path))}
}

func originPath(o *origin, dir string) string {
	if o != nil {
		return o.Path
	}
	return rel(dir)
}
