// The fleet page: one HTML document with its style and script inline under a Content Security Policy that
// allows nothing remote, only this page's nonce. Themed with VS Code's CSS variables. Pure: a string builder.
import { randomBytes } from 'node:crypto';
import { FLEET_SCRIPT } from './pageScript';

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 12px; }
header { position: sticky; top: 0; background: var(--vscode-editor-background); padding: 8px 0; display: flex; gap: 8px; align-items: center; z-index: 2; }
input, select, button { font: inherit; color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent); padding: 2px 6px; }
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
#summary { color: var(--vscode-descriptionForeground); margin-left: auto; }
#message { color: var(--vscode-descriptionForeground); }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--vscode-editorGroup-border, var(--vscode-panel-border)); padding: 2px 6px; white-space: nowrap; text-align: left; }
thead th { background: var(--vscode-sideBarSectionHeader-background, var(--vscode-editor-background)); position: sticky; top: 36px; z-index: 1; }
th.env { text-transform: capitalize; }
th.down { color: var(--vscode-errorForeground); }
tr.category th { background: var(--vscode-list-inactiveSelectionBackground); text-transform: capitalize; }
th.name { font-weight: normal; }
th.name .ns { color: var(--vscode-descriptionForeground); }
td.cell { cursor: pointer; min-width: 7em; }
td.cell:focus { background: var(--vscode-list-focusBackground); color: var(--vscode-list-focusForeground, inherit); }
td .age { color: var(--vscode-descriptionForeground); font-size: 90%; margin-left: 4px; }
td.ready .icon { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
td.failing .icon, td.failing .state { color: var(--vscode-errorForeground); }
/* A pause sign drawn with borders: U+23F8 is missing from many fonts and showed as an empty box. */
.icon.pause { display: inline-block; width: 0.6em; height: 0.75em; border-left: 0.2em solid currentColor; border-right: 0.2em solid currentColor; box-sizing: border-box; vertical-align: -0.05em; }
td.stale { opacity: 0.75; font-style: italic; }
th .summary { display: block; font-weight: normal; font-size: 90%; color: var(--vscode-descriptionForeground); }
th.idle { font-style: italic; }
td.suspended .icon { color: var(--vscode-charts-yellow, var(--vscode-editorWarning-foreground)); }
td.progressing .icon { color: var(--vscode-charts-blue); }
td.absent, td.down { color: var(--vscode-disabledForeground); }
td.repo { color: var(--vscode-descriptionForeground); font-size: 90%; max-width: 18em; }
td .canary { color: var(--vscode-charts-blue); font-size: 90%; }
td.drift .state { text-decoration: underline dotted; }
td.skew { background: var(--vscode-diffEditor-insertedTextBackground, rgba(255, 200, 0, 0.15)); box-shadow: inset 3px 0 0 var(--vscode-editorWarning-foreground); }
#actions { position: fixed; bottom: 0; left: 0; right: 0; padding: 6px 12px; background: var(--vscode-editorWidget-background); border-top: 1px solid var(--vscode-editorWidget-border, transparent); display: none; gap: 6px; align-items: center; }
#actions.open { display: flex; }
#actions .what { margin-right: 8px; }
.hidden { display: none; }
`;

export function fleetHtml(nonce: string, cspSource: string): string {
  const csp = [`default-src 'none'`, `style-src ${cspSource} 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `img-src ${cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Fleet</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header role="search">
  <input id="filter" type="search" placeholder="Filter by name, namespace, revision…" aria-label="Filter rows">
  <select id="state" aria-label="Filter by state">
    <option value="all">All states</option>
    <option value="failing">Failing</option>
    <option value="suspended">Suspended</option>
    <option value="progressing">Progressing</option>
    <option value="skew">Skewed</option>
    <option value="ready">Ready</option>
  </select>
  <span id="message"></span>
  <span id="summary" aria-live="polite"></span>
</header>
<table id="fleet" role="grid" aria-label="Flux objects by context"></table>
<div id="actions" role="toolbar" aria-label="Cell actions">
  <span class="what"></span>
  <button data-action="reveal" title="Reveal in the cluster tree (t)">Reveal in Tree</button>
  <button data-action="reconcile" title="Reconcile (r)">Reconcile</button>
  <button data-action="suspend" title="Suspend (s)">Suspend</button>
  <button data-action="resume" title="Resume (s)">Resume</button>
  <button data-action="manifest" title="Open the manifest (m)">Open Manifest</button>
  <button data-action="promote" title="Promote this staging release to its production twins (p)">Promote to Production</button>
</div>
<script nonce="${nonce}">${FLEET_SCRIPT}</script>
</body>
</html>`;
}

/** A fresh nonce per page load. */
export function makeNonce(): string {
  return randomBytes(16).toString('hex');
}
