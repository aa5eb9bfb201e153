package main

// A first build pays once for what kustomize and its libraries set up lazily (the OpenAPI schema, see schema.go;
// reflection-built decoders, transformer configurations): tens of milliseconds natively, seconds in
// WebAssembly. warm pays it at start-up, by loading the schema and building a small folder that uses the
// common transformers, in a file set of its own.

var warmFiles = map[string]string{
	"warm/kustomization.yaml": `namespace: warm
namePrefix: w-
commonLabels:
  app: warm
resources: [deployment.yaml, service.yaml]
configMapGenerator:
  - name: settings
    literals: [key=value]
images:
  - name: nginx
    newTag: "1.27"
patches:
  - path: patch.yaml
  - target: {kind: Service}
    patch: |-
      - op: add
        path: /metadata/annotations
        value: {warm: "yes"}
`,
	"warm/deployment.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:${TAG:=1.0}
          envFrom:
            - configMapRef:
                name: settings
`,
	"warm/service.yaml": `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
`,
	"warm/patch.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
`,
}

func (r *renderer) warm() {
	loadBuiltinSchema()
	w := &renderer{files: newFileSet(), rf: r.rf, defaultSchema: r.defaultSchema}
	files := make(map[string]*string, len(warmFiles))
	for name, text := range warmFiles {
		files[name] = &text
	}
	_ = w.files.apply(files, false)
	w.render(&renderRequest{
		Path:           "warm",
		Patches:        []patch{{Patch: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {x: y}\n", Target: &patchTarget{Kind: "Deployment"}}},
		CommonMetadata: &commonMetadata{Labels: map[string]string{"warm": "yes"}},
		Substitute:     map[string]string{"TAG": "1.1"},
	})
}
