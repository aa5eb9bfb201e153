package main

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// kustomize's in-memory filesystem takes only names of letters, digits and "-_.:" (and no ".."), while real
// repositories have folders such as "my apps", "c++" or "café". namedFs sits in front of it: each name it
// refuses is stored under a reversible legal spelling, and every name that comes back (folder listings, globs,
// walks, cleaned paths) is spelt as written again, so kustomize sees and reports the real names.

var legalName = regexp.MustCompile(`^[a-zA-Z0-9\-_.:]+$`)

const escapedPrefix = "_x_"

func escapeName(n string) string {
	if n == "" || n == "." || n == ".." || (legalName.MatchString(n) && !strings.Contains(n, "..") && !strings.HasPrefix(n, escapedPrefix)) {
		return n
	}
	return escapedPrefix + hex.EncodeToString([]byte(n))
}

func unescapeName(n string) string {
	if !strings.HasPrefix(n, escapedPrefix) {
		return n
	}
	raw, err := hex.DecodeString(n[len(escapedPrefix):])
	if err != nil {
		return n
	}
	return string(raw)
}

func mapSegments(p string, fn func(string) string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = fn(s)
	}
	return strings.Join(parts, "/")
}

func escapePath(p string) string   { return mapSegments(p, escapeName) }
func unescapePath(p string) string { return mapSegments(p, unescapeName) }

// escapeGlob escapes the literal segments of a pattern; a segment holding a glob character is left as is (it can
// then only match legal names, which is what the plain filesystem would do as well).
func escapeGlob(p string) string {
	return mapSegments(p, func(s string) string {
		if strings.ContainsAny(s, "*?[") {
			return s
		}
		return escapeName(s)
	})
}

type namedFs struct{ inner filesys.FileSystem }

func newNamedFs(inner filesys.FileSystem) filesys.FileSystem { return namedFs{inner} }

func (f namedFs) Create(p string) (filesys.File, error) { return f.inner.Create(escapePath(p)) }
func (f namedFs) Mkdir(p string) error                  { return f.inner.Mkdir(escapePath(p)) }
func (f namedFs) MkdirAll(p string) error               { return f.inner.MkdirAll(escapePath(p)) }
func (f namedFs) RemoveAll(p string) error              { return f.inner.RemoveAll(escapePath(p)) }
func (f namedFs) Open(p string) (filesys.File, error)   { return f.inner.Open(escapePath(p)) }
func (f namedFs) IsDir(p string) bool                   { return f.inner.IsDir(escapePath(p)) }
func (f namedFs) Exists(p string) bool                  { return f.inner.Exists(escapePath(p)) }
func (f namedFs) ReadFile(p string) ([]byte, error)     { return f.inner.ReadFile(escapePath(p)) }
func (f namedFs) WriteFile(p string, data []byte) error {
	return f.inner.WriteFile(escapePath(p), data)
}

func (f namedFs) ReadDir(p string) ([]string, error) {
	names, err := f.inner.ReadDir(escapePath(p))
	for i, n := range names {
		names[i] = unescapeName(n)
	}
	return names, err
}

func (f namedFs) CleanedAbs(p string) (filesys.ConfirmedDir, string, error) {
	dir, file, err := f.inner.CleanedAbs(escapePath(p))
	return filesys.ConfirmedDir(unescapePath(string(dir))), unescapeName(file), err
}

func (f namedFs) Glob(pattern string) ([]string, error) {
	found, err := f.inner.Glob(escapeGlob(pattern))
	for i, m := range found {
		found[i] = unescapePath(m)
	}
	return found, err
}

func (f namedFs) Walk(p string, walkFn filepath.WalkFunc) error {
	return f.inner.Walk(escapePath(p), func(path string, info os.FileInfo, err error) error {
		if info != nil {
			info = namedInfo{info}
		}
		return walkFn(unescapePath(path), info, err)
	})
}

// namedInfo spells a walked file's name as written.
type namedInfo struct{ os.FileInfo }

func (i namedInfo) Name() string { return unescapeName(i.FileInfo.Name()) }
