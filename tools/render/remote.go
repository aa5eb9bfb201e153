package main

import (
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"

	kustypes "sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// Renders are offline: a remote base or resource is refused with a clear message before kustomize would
// fetch it. The walk below finds them from the root kustomization down through local folders; the
// refusing HTTP transport and the empty PATH (no git to run) are the safety net behind it.

// remoteHosts are the hosts kustomize treats as git repositories without a scheme.
var remoteHosts = []string{"github.com/", "gitlab.com/", "bitbucket.org/"}

// isRemoteAddress says whether a kustomization entry names something kustomize would fetch.
func isRemoteAddress(entry string) bool {
	lower := strings.ToLower(entry)
	if strings.Contains(lower, "://") || strings.HasPrefix(lower, "git::") || strings.HasPrefix(lower, "git@") {
		return !strings.HasPrefix(lower, "file://")
	}
	for _, host := range remoteHosts {
		if strings.HasPrefix(lower, host) {
			return true
		}
	}
	return false
}

type remoteError struct{ entry, file string }

func (e *remoteError) Error() string {
	return fmt.Sprintf("remote resource '%s' (in %s) is not fetched: rendering is offline, so this build needs the network kustomize-controller has", e.entry, e.file)
}

// kustomizations is what a walk over the local kustomizations a build reads found: the first remote entry,
// and kustomize's deprecation notes for each file (kustomize itself only prints them).
type kustomizations struct {
	remote   *remoteError
	warnings []string
	seen     map[string]bool
}

// inspect walks the kustomization of dir and, through resources, bases and components, the local folders below.
func inspect(fs filesys.FileSystem, dir string) *kustomizations {
	k := &kustomizations{seen: map[string]bool{}}
	k.walk(fs, dir)
	return k
}

func (k *kustomizations) walk(fs filesys.FileSystem, dir string) {
	if k.remote != nil || k.seen[dir] {
		return
	}
	k.seen[dir] = true
	file := findKustomization(fs, dir)
	if file == "" {
		return
	}
	data, err := fs.ReadFile(file)
	if err != nil {
		return
	}
	var kus kustypes.Kustomization
	if yaml.Unmarshal(data, &kus) != nil {
		return // kustomize reports a broken file itself
	}
	if notes := kus.CheckDeprecatedFields(); notes != nil {
		for _, note := range *notes {
			k.warnings = append(k.warnings, fmt.Sprintf("%s: %s", strings.TrimPrefix(file, "/"), strings.TrimPrefix(note, "# Warning: ")))
		}
	}
	entries := append(append(append([]string{}, kus.Resources...), kus.Bases...), kus.Components...)
	for _, entry := range entries {
		if isRemoteAddress(entry) {
			k.remote = &remoteError{entry: entry, file: strings.TrimPrefix(file, "/")}
			return
		}
		if sub := path.Join(dir, entry); fs.IsDir(sub) {
			k.walk(fs, sub)
		}
	}
}

// offlineTransport refuses every request, so nothing in the module reaches the network.
type offlineTransport struct{}

var errOffline = errors.New("rendering is offline: remote resources are not fetched")

func (offlineTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("%s: %w", req.URL.Redacted(), errOffline)
}

func init() {
	http.DefaultTransport = offlineTransport{}
	http.DefaultClient = &http.Client{Transport: offlineTransport{}}
}
