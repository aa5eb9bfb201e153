// The schema of kustomize's own kustomization.yaml (kustomize.config.k8s.io), written here because no
// upstream CRD exists for it. Field facts follow kustomize's documented configuration.
import type { KindSchema, SchemaNode } from './types';

const str = (description: string): SchemaNode => ({ type: 'string', description });
const strList = (description: string): SchemaNode => ({ type: 'array', description, items: { type: 'string' } });
const strMap = (description: string): SchemaNode => ({ type: 'object', description, additionalProperties: { type: 'string' } });
const bool = (description: string): SchemaNode => ({ type: 'boolean', description });
const obj = (description: string, properties: Record<string, SchemaNode>, required?: string[]): SchemaNode => ({ type: 'object', description, properties, required });

const target = obj('Selects the resources a patch or replacement applies to.', {
  group: str('API group of the targets.'),
  version: str('API version of the targets.'),
  kind: str('Kind of the targets.'),
  name: str('Name (a regular expression) of the targets.'),
  namespace: str('Namespace of the targets.'),
  labelSelector: str('Label selector of the targets.'),
  annotationSelector: str('Annotation selector of the targets.'),
});

const generatorOptions = obj('Options for generated ConfigMaps and Secrets.', {
  labels: strMap('Labels added to the generated objects.'),
  annotations: strMap('Annotations added to the generated objects.'),
  disableNameSuffixHash: bool('Do not append a content hash to the generated names.'),
  immutable: bool('Mark the generated objects immutable.'),
});

const generator = (what: string, extra: Record<string, SchemaNode> = {}): SchemaNode => ({
  type: 'array',
  description: `Generates ${what} from files, literals and env files.`,
  items: obj(`A generated ${what}.`, {
    name: str(`Name of the ${what}.`),
    namespace: str(`Namespace of the ${what}.`),
    behavior: { type: 'string', enum: ['create', 'replace', 'merge'], default: 'create', description: 'How to combine with an object of the same name from a base.' },
    files: strList('Files whose content becomes entries (`key=path` to rename).'),
    literals: strList('`key=value` entries.'),
    envs: strList('Env files whose lines become entries.'),
    env: str('A single env file (deprecated: use envs).'),
    options: generatorOptions,
    ...extra,
  }, ['name']),
});

const metadata: SchemaNode = obj('Metadata of this kustomization (kustomize reads only the name and annotations).', {
  name: str('Name of this kustomization.'),
  namespace: str('Namespace (not used by kustomize).'),
  annotations: strMap('Annotations.'),
  labels: strMap('Labels.'),
});

const properties: Record<string, SchemaNode> = {
  apiVersion: str('kustomize.config.k8s.io/v1beta1 for a Kustomization, v1alpha1 for a Component.'),
  kind: str('Kustomization or Component.'),
  metadata,
  resources: strList('Files, folders and remote targets whose objects are included.'),
  components: strList('Components (kind Component) to apply to the resources.'),
  crds: strList('Files with CRDs whose schemas teach kustomize about custom kinds.'),
  namespace: str('Sets the namespace of every namespaced object.'),
  namePrefix: str('Prefix added to every object name.'),
  nameSuffix: str('Suffix added to every object name.'),
  commonLabels: strMap('Labels added to every object and selector (deprecated: use labels).'),
  labels: {
    type: 'array',
    description: 'Labels added to every object, optionally to selectors and templates.',
    items: obj('A set of labels.', {
      pairs: strMap('The labels.'),
      includeSelectors: bool('Also add them to selectors.'),
      includeTemplates: bool('Also add them to pod templates.'),
      fields: { type: 'array', description: 'Extra fields to set them on.', items: { type: 'object', preserveUnknownFields: true } },
    }),
  },
  commonAnnotations: strMap('Annotations added to every object.'),
  patches: {
    type: 'array',
    description: 'Strategic-merge or JSON6902 patches, inline or from files.',
    items: obj('A patch.', {
      path: str('File holding the patch.'),
      patch: str('The patch, inline.'),
      target,
      options: obj('Patch options.', { allowNameChange: bool('Allow the patch to change names.'), allowKindChange: bool('Allow the patch to change kinds.') }),
    }),
  },
  patchesStrategicMerge: strList('Strategic-merge patch files (deprecated: use patches).'),
  patchesJson6902: { type: 'array', description: 'JSON6902 patches (deprecated: use patches).', items: obj('A patch.', { path: str('File.'), patch: str('Inline patch.'), target }) },
  images: {
    type: 'array',
    description: 'Image name, tag and digest overrides.',
    items: obj('An image override.', {
      name: str('The image name to match.'),
      newName: str('The replacement name.'),
      newTag: str('The replacement tag.'),
      digest: str('The replacement digest.'),
      tagSuffix: str('A suffix for the tag.'),
    }, ['name']),
  },
  replicas: { type: 'array', description: 'Replica count overrides.', items: obj('A replica override.', { name: str('Workload name.'), count: { type: 'integer', description: 'Replicas.' } }, ['name', 'count']) },
  configMapGenerator: generator('ConfigMap'),
  secretGenerator: generator('Secret', { type: str('Secret type.') }),
  generatorOptions,
  generators: strList('Generator plugin configuration files.'),
  transformers: strList('Transformer plugin configuration files.'),
  validators: strList('Validator plugin configuration files.'),
  configurations: strList('Transformer configuration files.'),
  openapi: { type: 'object', description: 'OpenAPI schema overrides.', preserveUnknownFields: true },
  buildMetadata: { type: 'array', description: 'Metadata kustomize adds while building.', items: { type: 'string', enum: ['managedByLabel', 'originAnnotations', 'transformerAnnotations'] } },
  replacements: { type: 'array', description: 'Copies values between fields.', items: { type: 'object', preserveUnknownFields: true } },
  vars: { type: 'array', description: 'Variables (deprecated: use replacements).', items: { type: 'object', preserveUnknownFields: true } },
  bases: strList('Bases (deprecated: use resources).'),
  helmCharts: {
    type: 'array',
    description: 'Helm charts rendered by kustomize (needs --enable-helm).',
    items: { type: 'object', description: 'A chart.', preserveUnknownFields: true, properties: { name: str('Chart name.'), repo: str('Chart repository URL.'), version: str('Chart version.'), releaseName: str('Release name.'), namespace: str('Namespace.'), valuesFile: str('Values file.'), valuesInline: { type: 'object', preserveUnknownFields: true, description: 'Inline values.' }, includeCRDs: bool('Render CRDs.') } },
  },
  helmGlobals: { type: 'object', description: 'Helm settings.', preserveUnknownFields: true },
  sortOptions: { type: 'object', description: 'Output ordering.', preserveUnknownFields: true },
};

function kustomizeKind(version: string, kind: string): KindSchema {
  return {
    apiVersion: `kustomize.config.k8s.io/${version}`,
    group: 'kustomize.config.k8s.io',
    version,
    kind,
    namespaced: false,
    served: true,
    storage: true,
    deprecated: false,
    origin: 'flux-gitops: kustomize configuration schema',
    schema: { type: 'object', description: `kustomize ${kind}: how kustomize builds this folder.`, properties },
  };
}

export function kustomizeKinds(): KindSchema[] {
  return [kustomizeKind('v1beta1', 'Kustomization'), kustomizeKind('v1alpha1', 'Component')];
}
