package main

import "strings"

// What source-controller leaves out of an artifact when a source has no `spec.ignore` (its default exclusions):
// version control and CI files, a few tool configurations, images and archives. kustomize-controller never
// sees them, so neither does a render: a generated kustomization.yaml does not list .github/workflows/*.yaml.
// A repository's own .sourceignore files are not applied.

var excludedFolders = []string{".git", ".github", ".circleci"}

var excludedFiles = []string{
	".gitignore", ".gitmodules", ".gitattributes",
	".travis.yml", ".gitlab-ci.yml", "appveyor.yml", ".drone.yml", "cloudbuild.yaml",
	"codeship-services.yml", "codeship-steps.yml", ".goreleaser.yml", ".sops.yaml", ".flux.yaml",
}

var excludedExtensions = []string{".jpg", ".jpeg", ".gif", ".png", ".wmv", ".flv", ".tar.gz", ".zip"}

// excludedFromArtifact says whether source-controller's default exclusions drop a repository-relative file.
func excludedFromArtifact(rel string) bool {
	parts := strings.Split(strings.Trim(rel, "/"), "/")
	for _, folder := range parts[:len(parts)-1] {
		if contains(excludedFolders, folder) {
			return true
		}
	}
	name := parts[len(parts)-1]
	if contains(excludedFiles, name) {
		return true
	}
	for _, ext := range excludedExtensions {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}
