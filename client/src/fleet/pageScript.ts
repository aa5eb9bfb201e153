// The fleet page's script, inlined under the page's nonce. It draws the table with DOM calls (never innerHTML:
// names and messages come from clusters), updates single cells, filters rows, moves focus with the arrow keys
// and asks the host for actions. Ages are recomputed in the page, so the extension host stays idle.
// Written without template literals so it can live in one.
export const FLEET_SCRIPT = String.raw`
(function () {
  const vscode = acquireVsCodeApi();
  const saved = vscode.getState() || {};
  const table = document.getElementById('fleet');
  const filter = document.getElementById('filter');
  const stateFilter = document.getElementById('state');
  const summary = document.getElementById('summary');
  const messageEl = document.getElementById('message');
  const actions = document.getElementById('actions');
  let model = null;
  let current = null;
  filter.value = saved.text || '';
  stateFilter.value = saved.state || 'all';

  // The suspended sign is drawn by CSS (.icon.pause): no pause character is in every font.
  const ICONS = { ready: '\u2714', failing: '\u2716', suspended: '', progressing: '\u21BB', unknown: '?' };

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function age(since) {
    const t = Date.parse(since || '');
    if (isNaN(t)) return '';
    const s = Math.max(0, Math.round((Date.now() - t) / 1000));
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm';
    if (s < 86400) return Math.floor(s / 3600) + 'h';
    return Math.floor(s / 86400) + 'd';
  }

  function cellId(row, context) {
    return 'c\u0001' + row + '\u0001' + context;
  }

  // A column that is not watched shows the cells of its last list, if any, marked as not live.
  function notLive(column) {
    if (column.phase !== 'idle') return '';
    if (column.listedAt === undefined) return 'Not watched: scroll the column into view to watch it live.';
    return 'Not live: listed ' + age(new Date(column.listedAt).toISOString()) + ' ago.';
  }

  function tooltip(cell, column) {
    if (!cell) return column.problem || (column.phase === 'idle' && column.listedAt === undefined ? notLive(column) : 'Not in ' + column.context);
    const lines = [column.context + ': ' + cell.state];
    if (column.phase === 'idle') lines.push(notLive(column));
    if (cell.revision) lines.push('Revision: ' + cell.revision);
    if (cell.reason) lines.push((cell.state === 'suspended' ? 'Why: ' : 'Reason: ') + cell.reason);
    if (cell.suspendedBy) lines.push('Suspended by ' + cell.suspendedBy);
    if (cell.message) lines.push(cell.message);
    if (cell.since) lines.push('Since ' + cell.since);
    if (cell.skew) lines.push('Skew: ' + cell.skew);
    if (cell.drift) lines.push('Repository: ' + cell.drift);
    if (cell.canary) lines.push('Canary: ' + cell.canary);
    return lines.join('\n');
  }

  function fillCell(td, cell, column) {
    td.textContent = '';
    const idle = column.phase === 'idle';
    const down = column.phase !== 'ready' && !(idle && column.listedAt !== undefined);
    const stands = cell && (cell.skew || cell.drift);
    td.className = 'cell ' + (cell ? cell.state : down ? 'down' : 'absent') + (stands ? ' skew' : '') + (cell && cell.drift ? ' drift' : '') + (idle ? ' stale' : '');
    td.dataset.state = cell ? cell.state : '';
    td.dataset.skew = stands ? '1' : '';
    td.dataset.text = cell ? [cell.revision, cell.reason, cell.suspendedBy, cell.canary].filter(Boolean).join(' ') : '';
    td.title = tooltip(cell, column);
    if (!cell) {
      td.textContent = down ? '\u2014' : '';
      td.setAttribute('aria-label', column.context + ': ' + (down ? 'unavailable' : 'absent'));
      return;
    }
    const icon = el('span', cell.state === 'suspended' ? 'icon pause' : 'icon', ICONS[cell.state] === undefined ? '?' : ICONS[cell.state]);
    icon.setAttribute('aria-hidden', 'true');
    td.appendChild(icon);
    // A progressing cell says so, then its revision (once): the revision alone would read as done.
    const what = cell.state === 'failing' ? cell.reason || 'failing' : cell.state === 'suspended' || cell.state === 'progressing' ? cell.state : cell.revision || cell.state;
    td.appendChild(el('span', 'state', ' ' + what));
    if (cell.state !== 'ready' && cell.state !== 'failing' && cell.revision) td.appendChild(el('span', 'rev', ' ' + cell.revision));
    if (cell.canary) td.appendChild(el('span', 'canary', ' ' + cell.canary));
    const a = el('span', 'age', age(cell.since));
    a.dataset.since = cell.since || '';
    td.appendChild(a);
    td.setAttribute('aria-label', td.title.replace(/\n/g, '. '));
  }

  function header() {
    const thead = el('thead');
    const envs = el('tr');
    const regions = el('tr');
    const contexts = el('tr');
    envs.appendChild(el('th', '', 'Environment'));
    regions.appendChild(el('th', '', 'Region'));
    contexts.appendChild(el('th', '', 'Object'));
    envs.appendChild(el('th', '', ''));
    regions.appendChild(el('th', '', ''));
    const repo = el('th', 'repo', 'Repository');
    repo.title = 'What the cluster folders on the current branch declare';
    repo.scope = 'col';
    contexts.appendChild(repo);
    const span = function (row, key, cls) {
      let last = null;
      model.columns.forEach(function (c) {
        const value = key(c);
        if (last && last.dataset.value === value) { last.colSpan += 1; return; }
        last = el('th', cls, value);
        last.dataset.value = value;
        row.appendChild(last);
      });
    };
    span(envs, function (c) { return c.environment; }, 'env');
    span(regions, function (c) { return c.environment + '\u0001' + c.region; }, 'region');
    Array.prototype.forEach.call(regions.children, function (th, i) { if (i > 1) th.textContent = th.dataset.value.split('\u0001')[1]; });
    model.columns.forEach(function (c) {
      const idle = c.phase === 'idle' && !c.problem;
      const th = el('th', idle ? 'ctx idle' : c.phase !== 'ready' || c.problem ? 'ctx down' : 'ctx', (c.phase === 'error' || c.problem ? '\u26A0 ' : '') + c.context);
      th.title = (c.cluster ? 'flux/clusters/' + c.cluster + '\n' : '') + (c.problem || (idle ? (c.summary || 'summary…') + '\n' + notLive(c) : c.phase));
      th.dataset.context = c.context;
      if (idle) th.appendChild(el('span', 'summary', c.summary || 'summary\u2026'));
      th.scope = 'col';
      contexts.appendChild(th);
    });
    thead.appendChild(envs);
    thead.appendChild(regions);
    thead.appendChild(contexts);
    return thead;
  }

  function render() {
    // A redraw keeps the scroll position: the columns on screen stay on screen (and watched).
    const x = window.scrollX;
    const y = window.scrollY;
    table.textContent = '';
    if (!model) return;
    table.appendChild(header());
    const body = el('tbody');
    model.groups.forEach(function (g) {
      const gr = el('tr', 'category');
      gr.dataset.category = g.category;
      const gth = el('th', '', g.category);
      gth.colSpan = model.columns.length + 2;
      gr.appendChild(gth);
      body.appendChild(gr);
      g.rows.forEach(function (r) {
        const tr = el('tr', 'row');
        tr.dataset.category = g.category;
        tr.dataset.text = (r.kind + ' ' + r.namespace + '/' + r.name + ' ' + g.category).toLowerCase();
        const th = el('th', 'name');
        th.scope = 'row';
        th.appendChild(el('span', 'ns', r.namespace ? r.namespace + '/' : ''));
        th.appendChild(document.createTextNode(r.name));
        th.title = r.kind + ' ' + r.namespace + '/' + r.name;
        tr.appendChild(th);
        const repoTd = el('td', 'repo', r.repository || '');
        repoTd.title = r.repository ? 'The repository declares: ' + r.repository : 'Not declared under flux/clusters/ on this branch';
        tr.appendChild(repoTd);
        model.columns.forEach(function (c, i) {
          const td = el('td');
          td.id = cellId(r.key, c.context);
          td.dataset.row = r.key;
          td.dataset.context = c.context;
          td.dataset.col = String(i);
          td.dataset.environment = c.environment;
          td.tabIndex = -1;
          td.setAttribute('role', 'gridcell');
          fillCell(td, r.cells[i], c);
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    });
    table.appendChild(body);
    window.scrollTo(x, y);
    watchColumns();
    applyFilter();
    const first = table.querySelector('tr.row:not(.hidden) td.cell');
    if (first) first.tabIndex = 0;
  }

  // The host watches in full only the contexts whose column is on screen; the page says which they are.
  let observer = null;
  let onScreen = {};
  let columnsTimer = null;
  function watchColumns() {
    if (observer) observer.disconnect();
    onScreen = {};
    if (typeof IntersectionObserver === 'undefined') return;
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) onScreen[e.target.dataset.context] = true; else delete onScreen[e.target.dataset.context]; });
      if (columnsTimer) clearTimeout(columnsTimer);
      columnsTimer = setTimeout(function () { columnsTimer = null; vscode.postMessage({ type: 'columns', contexts: Object.keys(onScreen).slice(0, 500) }); }, 250);
    });
    table.querySelectorAll('thead th.ctx').forEach(function (th) { observer.observe(th); });
  }

  function rowMatches(tr, text, state) {
    const cells = tr.querySelectorAll('td.cell');
    if (text && tr.dataset.text.indexOf(text) < 0 && !Array.prototype.some.call(cells, function (td) { return td.dataset.text.toLowerCase().indexOf(text) >= 0; })) return false;
    if (state === 'all') return true;
    return Array.prototype.some.call(cells, function (td) { return state === 'skew' ? td.dataset.skew === '1' : td.dataset.state === state; });
  }

  function applyFilter() {
    const text = filter.value.trim().toLowerCase();
    const state = stateFilter.value;
    vscode.setState({ text: filter.value, state: state });
    let shown = 0;
    let total = 0;
    const visibleCategories = {};
    table.querySelectorAll('tr.row').forEach(function (tr) {
      total++;
      const ok = rowMatches(tr, text, state);
      tr.classList.toggle('hidden', !ok);
      if (ok) { shown++; visibleCategories[tr.dataset.category] = true; }
    });
    table.querySelectorAll('tr.category').forEach(function (tr) { tr.classList.toggle('hidden', !visibleCategories[tr.dataset.category]); });
    let failing = table.querySelectorAll('td.failing').length;
    let skew = table.querySelectorAll('td.skew').length;
    summary.textContent = shown + ' of ' + total + ' objects \u00B7 ' + failing + ' failing \u00B7 ' + skew + ' skewed';
  }

  function visibleCells() {
    return Array.prototype.filter.call(table.querySelectorAll('tr.row'), function (tr) { return !tr.classList.contains('hidden'); });
  }

  function focusCell(td) {
    if (!td) return;
    table.querySelectorAll('td[tabindex="0"]').forEach(function (x) { x.tabIndex = -1; });
    td.tabIndex = 0;
    td.focus();
  }

  function move(td, dr, dc) {
    const rows = visibleCells();
    const r = rows.indexOf(td.parentElement);
    const c = Number(td.dataset.col);
    const row = rows[Math.max(0, Math.min(rows.length - 1, r + dr))];
    if (!row) return;
    const cells = row.querySelectorAll('td.cell');
    focusCell(cells[Math.max(0, Math.min(cells.length - 1, c + dc))]);
  }

  function openActions(td) {
    current = td;
    const state = td.dataset.state;
    actions.querySelector('.what').textContent = td.dataset.row.replace(/^[^/]+\//, '') + ' in ' + td.dataset.context;
    actions.querySelector('[data-action="suspend"]').classList.toggle('hidden', !state || state === 'suspended');
    actions.querySelector('[data-action="resume"]').classList.toggle('hidden', state !== 'suspended');
    actions.querySelector('[data-action="reconcile"]').classList.toggle('hidden', !state);
    actions.querySelector('[data-action="promote"]').classList.toggle('hidden', !state || td.dataset.environment !== 'staging');
    actions.classList.add('open');
  }

  function act(action, td) {
    if (!td || !td.dataset.state) return;
    vscode.postMessage({ type: 'action', action: action, row: td.dataset.row, context: td.dataset.context });
  }

  table.addEventListener('click', function (e) {
    const td = e.target.closest('td.cell');
    if (!td) return;
    focusCell(td);
    openActions(td);
  });

  table.addEventListener('keydown', function (e) {
    const td = e.target.closest('td.cell');
    if (!td) return;
    const keys = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Home: [0, -1e9], End: [0, 1e9], PageUp: [-20, 0], PageDown: [20, 0] };
    if (keys[e.key]) { move(td, keys[e.key][0], keys[e.key][1]); e.preventDefault(); return; }
    if (e.key === 'Enter' || e.key === ' ') { openActions(td); const b = actions.querySelector('button:not(.hidden)'); if (b) b.focus(); e.preventDefault(); return; }
    const shortcut = { t: 'reveal', r: 'reconcile', m: 'manifest', p: 'promote', s: td.dataset.state === 'suspended' ? 'resume' : 'suspend' }[e.key];
    if (shortcut === 'promote' && td.dataset.environment !== 'staging') return;
    if (shortcut) { act(shortcut, td); e.preventDefault(); }
  });

  actions.addEventListener('click', function (e) {
    const b = e.target.closest('button');
    if (b) act(b.dataset.action, current);
  });
  actions.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    actions.classList.remove('open');
    focusCell(current);
  });

  filter.addEventListener('input', applyFilter);
  stateFilter.addEventListener('change', applyFilter);

  window.addEventListener('message', function (e) {
    const m = e.data;
    if (m.type === 'full') {
      model = m.model;
      messageEl.textContent = m.message || '';
      const focused = document.activeElement && document.activeElement.id;
      render();
      if (focused) focusCell(document.getElementById(focused));
    } else if (m.type === 'cells' && model) {
      const columns = {};
      model.columns.forEach(function (c) { columns[c.context] = c; });
      m.changes.forEach(function (ch) {
        const td = document.getElementById(cellId(ch.row, ch.context));
        if (td) fillCell(td, ch.cell, columns[ch.context]);
      });
      applyFilter();
    }
  });

  setInterval(function () {
    table.querySelectorAll('span.age').forEach(function (a) { a.textContent = age(a.dataset.since); });
  }, 30000);

  vscode.postMessage({ type: 'ready' });
})();
`;
