// Helm chart folders. A folder holding a `Chart.yaml` is a chart: its `templates/` are Go templates, its
// `values*.yaml` are values, and neither is a manifest. Only the chart's `crds/` hold plain objects, and its
// `charts/` hold sub-charts, which follow the same rule. Nothing else in a chart is indexed or checked.
import { ancestors, baseName } from './paths';

export const CHART_FILE = 'Chart.yaml';

/** In a chart folder, the entries that may still hold manifests: Chart.yaml itself (it marks the chart), crds/, charts/. */
export function keptInChart(name: string, isDirectory: boolean): boolean {
  return isDirectory ? name === 'crds' || name === 'charts' : name === CHART_FILE;
}

/**
 * Whether a file is chart content that is not a manifest (a template, values, anything but crds/), given a way to
 * tell whether a file exists. The nearest chart folder decides, so a sub-chart's templates are content too.
 */
export function isChartContent(uri: string, hasFile: (uri: string) => boolean): boolean {
  if (baseName(uri) === CHART_FILE) return false;
  let below = baseName(uri);
  for (const dir of ancestors(uri)) {
    if (hasFile(`${dir}/${CHART_FILE}`)) {
      const first = below.split('/')[0];
      return !(below.includes('/') && (first === 'crds' || first === 'charts'));
    }
    below = `${baseName(dir)}/${below}`;
  }
  return false;
}

/**
 * isChartContent over an index, remembered per file until files appear or vanish (the structure version moves
 * then): it walks every ancestor folder, and each diagnostics request asks.
 */
export function chartContentOf(index: { has(uri: string): boolean; readonly structureVersion: number }): (uri: string) => boolean {
  const memo = new Map<string, boolean>();
  let version = -1;
  return (uri) => {
    if (version !== index.structureVersion) {
      memo.clear();
      version = index.structureVersion;
    }
    let hit = memo.get(uri);
    if (hit === undefined) memo.set(uri, (hit = isChartContent(uri, (u) => index.has(u))));
    return hit;
  };
}
