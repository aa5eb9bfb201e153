package main

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"sigs.k8s.io/kustomize/api/konfig"
	"sigs.k8s.io/kustomize/api/resource"
	kustypes "sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/kustomize/kyaml/resid"
	"sigs.k8s.io/yaml"
)

// What kustomize-controller does to a folder before it builds it, done on the in-memory file set: write a
// kustomization.yaml when the folder has none, then merge the Flux Kustomization's fields into the root
// kustomization. The controller always rewrites the root file through kustomize's Kustomization type, so
// unknown fields of a user's kustomization.yaml are dropped there too.

// findKustomization returns the folder's kustomization file (kustomization.yaml, .yml or Kustomization), or "".
func findKustomization(fs filesys.FileSystem, dir string) string {
	for _, name := range konfig.RecognizedKustomizationFileNames() {
		if p := path.Join(dir, name); fs.Exists(p) && !fs.IsDir(p) {
			return p
		}
	}
	return ""
}

// scanManifests lists what a generated kustomization.yaml holds, as kustomize-controller does: every .yaml
// and .yml file below the folder, walked in lexical order, except that a sub-folder with its own kustomization
// file is listed as a folder and not entered. A file that does not decode as Kubernetes YAML fails the build.
func scanManifests(fs filesys.FileSystem, rf *resource.Factory, base string) ([]string, error) {
	var found []string
	err := fs.Walk(base, func(p string, info os.FileInfo, err error) (walkErr error) {
		if err != nil || p == base {
			return err
		}
		if info.IsDir() {
			if findKustomization(fs, p) != "" {
				found = append(found, p)
				return filepath.SkipDir
			}
			return nil
		}
		if ext := path.Ext(p); ext != ".yaml" && ext != ".yml" {
			return nil
		}
		data, err := fs.ReadFile(p)
		if err != nil {
			return err
		}
		defer func() {
			if r := recover(); r != nil {
				walkErr = fmt.Errorf("recovered from panic while parsing YAML file %s: %v", path.Base(p), r)
			}
		}()
		if _, err := rf.SliceFromBytes(data); err != nil {
			return fmt.Errorf("failed to decode Kubernetes YAML from %s: %w", strings.TrimPrefix(p, "/"), err)
		}
		found = append(found, p)
		return nil
	})
	resources := make([]string, 0, len(found))
	for _, p := range found {
		resources = append(resources, "./"+strings.TrimPrefix(strings.TrimPrefix(p, base), "/"))
	}
	return resources, err
}

// rootKustomization is the kustomization file a build reads, and how to put the file set back afterwards.
type rootKustomization struct {
	file     string
	original []byte // nil when the file was generated
}

// prepare writes the root kustomization the controller would build: generated when missing, Flux fields
// merged, origin annotations asked for. It returns what restore needs and whether origin annotations were
// added by us (and so must be removed from the output).
func prepare(fs filesys.FileSystem, rf *resource.Factory, dir string, req *renderRequest) (*rootKustomization, bool, error) {
	root := &rootKustomization{file: findKustomization(fs, dir)}
	kus := kustypes.Kustomization{TypeMeta: kustypes.TypeMeta{APIVersion: kustypes.KustomizationVersion, Kind: kustypes.KustomizationKind}}
	if root.file == "" {
		resources, err := scanManifests(fs, rf, dir)
		if err != nil {
			return nil, false, err
		}
		kus.Resources = resources
		root.file = path.Join(dir, konfig.DefaultKustomizationFileName())
	} else {
		data, err := fs.ReadFile(root.file)
		if err != nil {
			return nil, false, err
		}
		root.original = data
		if err := yaml.Unmarshal(data, &kus); err != nil {
			return nil, false, fmt.Errorf("%s: %w", strings.TrimPrefix(root.file, "/"), err)
		}
	}
	if err := mergeFluxFields(fs, dir, &kus, req); err != nil {
		return nil, false, err
	}
	added := !contains(kus.BuildMetadata, kustypes.OriginAnnotations)
	if added {
		kus.BuildMetadata = append(kus.BuildMetadata, kustypes.OriginAnnotations)
	}
	data, err := yaml.Marshal(kus)
	if err != nil {
		return nil, false, err
	}
	return root, added, fs.WriteFile(root.file, data)
}

// restore puts the user's kustomization file back, or removes the generated one.
func (r *rootKustomization) restore(fs filesys.FileSystem) {
	if r.original == nil {
		_ = fs.RemoveAll(r.file)
		return
	}
	_ = fs.WriteFile(r.file, r.original)
}

// mergeFluxFields applies a Flux Kustomization's spec to the root kustomization as kustomize-controller does:
// targetNamespace, namePrefix and nameSuffix replace the file's; patches and components are appended; an
// image replaces the file's entry of the same name or is appended.
func mergeFluxFields(fs filesys.FileSystem, dir string, kus *kustypes.Kustomization, req *renderRequest) error {
	if req.TargetNamespace != "" {
		kus.Namespace = req.TargetNamespace
	}
	if req.NamePrefix != "" {
		kus.NamePrefix = req.NamePrefix
	}
	if req.NameSuffix != "" {
		kus.NameSuffix = req.NameSuffix
	}
	for _, p := range req.Patches {
		kus.Patches = append(kus.Patches, kustypes.Patch{Patch: p.Patch, Target: selector(p.Target)})
	}
	for _, c := range req.Components {
		if !isLocalRelativePath(c) {
			return fmt.Errorf("component path '%s' must be local and relative", c)
		}
		kus.Components = append(kus.Components, c)
	}
	if req.IgnoreMissingComponents {
		kus.Components = existingComponents(fs, dir, kus.Components)
	}
	for _, img := range req.Images {
		mergeImage(kus, kustypes.Image{Name: img.Name, NewName: img.NewName, NewTag: img.NewTag, Digest: img.Digest})
	}
	return nil
}

func mergeImage(kus *kustypes.Kustomization, img kustypes.Image) {
	for i := range kus.Images {
		if kus.Images[i].Name == img.Name {
			kus.Images[i] = img
			return
		}
	}
	kus.Images = append(kus.Images, img)
}

func existingComponents(fs filesys.FileSystem, dir string, components []string) []string {
	kept := components[:0]
	for _, c := range components {
		if fs.Exists(path.Join(dir, c)) {
			kept = append(kept, c)
		}
	}
	return kept
}

func selector(t *patchTarget) *kustypes.Selector {
	if t == nil {
		return nil
	}
	return &kustypes.Selector{
		ResId: resid.ResId{
			Gvk:       resid.Gvk{Group: t.Group, Version: t.Version, Kind: t.Kind},
			Name:      t.Name,
			Namespace: t.Namespace,
		},
		LabelSelector:      t.LabelSelector,
		AnnotationSelector: t.AnnotationSelector,
	}
}

// isLocalRelativePath says whether a component path stays inside the source: relative, no URL, no git address.
func isLocalRelativePath(p string) bool {
	if strings.HasPrefix(p, "file://") {
		p = strings.TrimPrefix(p, "file://")
	} else if strings.Contains(p, "://") {
		return false
	}
	return p != "" && !path.IsAbs(p) && !isRemoteAddress(p)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
