package main

import (
	"fmt"
	"path"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// fileSet is the repository as kustomize sees it: an in-memory filesystem rooted at "/" that lives as long
// as the module and changes only by deltas, so a render never re-sends the files it already has.
type fileSet struct {
	fs    filesys.FileSystem
	count int
}

func newFileSet() *fileSet {
	return &fileSet{fs: newNamedFs(filesys.MakeFsInMemory())}
}

// absPath turns a repository-relative path ("apps/x.yaml", "./apps", "") into the in-memory path.
func absPath(rel string) string {
	return path.Join("/", strings.TrimPrefix(path.Clean("/"+rel), "/"))
}

// apply writes each file with text and removes each file mapped to nil; reset empties the set first.
func (s *fileSet) apply(files map[string]*string, reset bool) error {
	if reset {
		s.fs = newNamedFs(filesys.MakeFsInMemory())
		s.count = 0
	}
	var first error
	for rel, text := range files {
		if err := s.put(absPath(rel), text); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// put writes or removes one file; a path that clashes with a folder (or a file where a folder should be)
// is skipped with an error, and the other files of the delta still apply.
func (s *fileSet) put(p string, text *string) error {
	if p == "/" {
		return nil
	}
	if text == nil || excludedFromArtifact(p) {
		s.remove(p)
		return nil
	}
	existed := s.fs.Exists(p)
	if existed && s.fs.IsDir(p) {
		return fmt.Errorf("%s is a folder in the file set, not a file", p[1:])
	}
	if err := s.fs.WriteFile(p, []byte(*text)); err != nil {
		return err
	}
	if !existed {
		s.count++
	}
	return nil
}

// remove deletes a file and the folders it leaves empty, so a deleted folder is gone for kustomize too.
func (s *fileSet) remove(p string) {
	if !s.fs.Exists(p) || s.fs.IsDir(p) {
		return
	}
	if s.fs.RemoveAll(p) == nil {
		s.count--
	}
	for dir := path.Dir(p); dir != "/"; dir = path.Dir(dir) {
		entries, err := s.fs.ReadDir(dir)
		if err != nil || len(entries) > 0 {
			return
		}
		_ = s.fs.RemoveAll(dir)
	}
}
