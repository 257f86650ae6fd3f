// The offload simulator panel. Plain browser JS, no bundler: it only renders the
// snapshots the extension sends (the engine runs in the language server) and
// posts FromWebview messages (see server/src/shared/messages.ts) back.
// @ts-check
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

  /** Everything the panel needs to redraw itself after being hidden, moved or reloaded. */
  let ui = Object.assign({ snapshot: undefined, scenarios: [], errors: [], speed: 5, restore: undefined }, vscode.getState() || {});
  let timer = undefined;
  let waiting = false;

  const post = (msg) => vscode.postMessage(msg);
  const save = () => vscode.setState(ui);

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  // ---- state diagram --------------------------------------------------------
  const NODES = {
    unknown: { x: 80, y: 28, label: 'unknown' },
    offloading: { x: 80, y: 140, label: 'offloading' },
    paused: { x: 270, y: 70, label: 'paused' },
    uploading: { x: 270, y: 230, label: 'upload-all pending' },
    drained: { x: 80, y: 300, label: 'upload-all drained' },
  };
  const EDGES = [
    ['unknown', 'offloading', 'resume'],
    ['offloading', 'paused', 'pause'],
    ['paused', 'offloading', 'resume'],
    ['paused', 'uploading', 'upload-all'],
    ['offloading', 'uploading', 'upload-all'],
    ['uploading', 'drained', 'terminates done'],
    ['drained', 'offloading', 'resume'],
    ['uploading', 'offloading', 'resume (too early)'],
  ];

  function renderDiagram(snap) {
    const current = snap ? snap.state.protocol : 'offloading';
    const last = snap && snap.trace.length ? snap.trace[snap.trace.length - 1] : undefined;
    const root = svg('svg', { viewBox: '0 0 360 320', role: 'img', 'aria-label': `Offload state: ${current}` });
    const defs = svg('defs');
    const marker = svg('marker', { id: 'ah', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }));
    defs.appendChild(marker);
    root.appendChild(defs);
    EDGES.forEach(([from, to, label]) => {
      const a = NODES[from], b = NODES[to];
      // Offset opposite edges sideways so both stay visible.
      const back = EDGES.findIndex(([f, t]) => f === to && t === from);
      const off = back >= 0 ? 9 : 0; // the normal flips with the direction, so both edges of a pair get their own side
      const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
      const nx = (-dy / len) * off, ny = (dx / len) * off;
      const shrinkA = 20 / len, shrinkB = 24 / len;
      const taken = last && last.protocolBefore === from && last.protocolAfter === to;
      const g = svg('g', { class: `edge${taken ? ' taken' : ''}` });
      g.appendChild(svg('line', {
        x1: a.x + dx * shrinkA + nx, y1: a.y + dy * shrinkA + ny, x2: b.x - dx * shrinkB + nx, y2: b.y - dy * shrinkB + ny, 'marker-end': 'url(#ah)',
      }));
      // Labels of opposite edges sit on opposite sides of the pair.
      const t = 0.5;
      const lx = a.x + dx * t + nx * 2.6, ly = a.y + dy * t + ny * 2.6 + 3;
      g.appendChild(svg('text', { x: lx, y: ly, 'text-anchor': Math.abs(dy) > Math.abs(dx) ? (nx < 0 ? 'end' : 'start') : 'middle' }, label));
      root.appendChild(g);
    });
    for (const [id, n] of Object.entries(NODES)) {
      const g = svg('g', { class: `node${id === current ? ' current' : ''}`, 'data-state': id });
      g.appendChild(svg('rect', { x: n.x - 62, y: n.y - 13, width: 124, height: 26, rx: 8 }));
      g.appendChild(svg('text', { x: n.x, y: n.y + 4, 'text-anchor': 'middle' }, n.label));
      root.appendChild(g);
    }
    $('diagram').replaceChildren(root);
  }

  // ---- sequence timeline ----------------------------------------------------
  const W = 720, XT = 190, XH = 560, ROW = 24;

  function renderTimeline(snap) {
    const trace = snap ? snap.trace : [];
    const rows = [];
    for (const e of trace) {
      rows.push({ e, kind: 'head' });
      for (const m of e.messages) rows.push({ e, kind: 'msg', m });
      if (e.protocolBefore !== e.protocolAfter) rows.push({ e, kind: 'state' });
      for (const v of e.violations) rows.push({ e, kind: 'violation', v });
    }
    const height = 20 + rows.length * ROW + 12;
    const header = svg('svg', { viewBox: `0 0 ${W} 32`, 'aria-hidden': 'true' });
    const root = svg('svg', { viewBox: `0 0 ${W} ${height}`, role: 'list', 'aria-label': 'Sequence of events' });
    const defs = svg('defs');
    for (const side of ['target', 'host']) {
      const mk = svg('marker', { id: `to-${side}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
      mk.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrow-${side}` }));
      defs.appendChild(mk);
    }
    root.appendChild(defs);
    for (const [x, name] of [[XT, 'Offload target'], [XH, 'Host stack']]) {
      root.appendChild(svg('line', { x1: x, y1: 0, x2: x, y2: height, class: 'lifeline' }));
      const g = svg('g', { class: 'participant' });
      g.appendChild(svg('rect', { x: x - 60, y: 4, width: 120, height: 24, rx: 4 }));
      g.appendChild(svg('text', { x, y: 20, 'text-anchor': 'middle' }, name));
      header.appendChild(g);
    }
    // One group per trace entry, so the whole step is one click target.
    const spans = new Map();
    for (const r of rows) spans.set(r.e, (spans.get(r.e) || 0) + 1);
    let y = 22;
    let group = undefined;
    let groupFor = undefined;
    for (const r of rows) {
      if (r.e !== groupFor) {
        groupFor = r.e;
        const isCurrent = r.e.index === snap.position - 1;
        const cls = ['entry', r.e.source ? 'linked' : '', r.e.ignored ? 'ignored' : '', isCurrent ? 'current' : '', r.e.violations.length ? 'has-violation' : ''];
        group = svg('g', { class: cls.filter(Boolean).join(' '), role: 'listitem', 'data-index': r.e.index });
        const span = spans.get(r.e);
        group.appendChild(svg('rect', { class: 'band', x: 0, y: y - 16, width: W, height: span * ROW }));
        if (r.e.source) {
          group.setAttribute('tabindex', '0');
          group.setAttribute('aria-label', `${r.e.label}, line ${r.e.source.line + 1}: reveal in the editor`);
          const src = r.e.source;
          const reveal = () => post({ type: 'revealSource', uri: src.uri, line: src.line });
          group.addEventListener('click', reveal);
          group.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); reveal(); } });
        }
        root.appendChild(group);
      }
      const g = /** @type {SVGGElement} */ (group);
      if (r.kind === 'head') {
        const where = r.e.source ? `  (line ${r.e.source.line + 1})` : '';
        const text = `${r.e.index + 1}. ${r.e.label}${r.e.ignored ? ' - ignored' : ''}${where}`;
        g.appendChild(svg('text', { x: 6, y, class: 'step-label' }, text));
        const title = svg('title', {}, [r.e.label, ...r.e.notes].join('\n'));
        g.appendChild(title);
      } else if (r.kind === 'msg') {
        const m = r.m;
        if (m.note) {
          const x = m.from === 'target' ? XT : XH;
          const w = Math.min(340, 14 + m.text.length * 6);
          const ng = svg('g', { class: 'note' });
          ng.appendChild(svg('rect', { x: x - w / 2, y: y - 13, width: w, height: 18, rx: 3 }));
          ng.appendChild(svg('text', { x, y, 'text-anchor': 'middle' }, m.text));
          g.appendChild(ng);
        } else {
          const x1 = m.from === 'target' ? XT : XH, x2 = m.to === 'target' ? XT : XH;
          const mg = svg('g', { class: `msg from-${m.from}` });
          mg.appendChild(svg('line', { x1, y1: y + 4, x2: x2 + (x2 > x1 ? -2 : 2), y2: y + 4, 'marker-end': `url(#to-${m.to})` }));
          mg.appendChild(svg('text', { x: (x1 + x2) / 2, y: y - 1, 'text-anchor': 'middle' }, m.text));
          g.appendChild(mg);
        }
      } else if (r.kind === 'state') {
        g.appendChild(svg('text', { x: (XT + XH) / 2, y, 'text-anchor': 'middle', class: 'state-change' }, `state: ${r.e.protocolBefore} -> ${r.e.protocolAfter}`));
      } else {
        g.appendChild(svg('circle', { cx: 12, cy: y - 4, r: 5, class: 'violation-mark' }));
        const t = svg('text', { x: 24, y, class: 'violation-text', 'data-rule': r.v.rule }, `${r.v.rule}: ${r.v.reason}`);
        g.appendChild(t);
      }
      y += ROW;
    }
    $('timeline-head').replaceChildren(header);
    const box = $('timeline');
    // A long run's snapshot holds only the latest steps and the next events; say what is left out.
    const elided = snap && snap.traceStart ? [el('p', { class: 'elided' }, `${snap.traceStart} earlier steps are not drawn; Export has the whole trace.`)] : [];
    box.replaceChildren(...elided, root);
    box.scrollTop = box.scrollHeight;
    const up = $('upcoming');
    const more = snap && snap.upcomingMore ? [el('li', { class: 'elided' }, `and ${snap.upcomingMore} more events`)] : [];
    up.replaceChildren(...(snap ? snap.upcoming : []).map((u, i) => el('li', { class: i === 0 ? 'next' : '' }, `${u.label}${u.source ? ` (line ${u.source.line + 1})` : ''}`)), ...more);
    up.setAttribute('start', String((snap ? snap.position : 0) + 1));
  }

  // ---- tables ----------------------------------------------------------------
  function table(id, head, rows, emptyText) {
    const t = $(id);
    const thead = el('thead');
    const tr = el('tr');
    head.forEach((h) => tr.appendChild(el('th', { scope: 'col' }, h)));
    thead.appendChild(tr);
    const tbody = el('tbody');
    if (rows.length === 0) {
      const r = el('tr');
      r.appendChild(el('td', { colspan: head.length, class: 'empty' }, emptyText));
      tbody.appendChild(r);
    }
    for (const row of rows) {
      const r = el('tr');
      for (const c of row) r.appendChild(typeof c === 'object' ? el('td', { class: c.cls }, c.text) : el('td', {}, c));
      tbody.appendChild(r);
    }
    t.replaceChildren(thead, tbody);
  }

  function renderTables(snap) {
    const s = snap ? snap.state : undefined;
    table('objects', ['Object', 'Kind', 'Depends on', 'State', 'NIC'],
      s ? s.objects.map((o) => [o.id, o.kind, o.parent || '', { text: o.state, cls: `st-${o.state}` }, o.nic || '']) : [], 'nothing offloaded yet');
    table('requests', ['Request', 'Kind', 'Objects', 'Stage / cause'],
      s ? s.requests.map((r) => [r.id, r.kind, r.objects.join(', '), r.kind === 'initiate' ? r.stage : r.cause]) : [], 'no request in flight');
    table('sends', ['Send', 'Connection', 'Bytes', 'Where'],
      s ? [...s.pendingSends.map((p) => [p.id, p.conn, p.bytes, 'pending at target']), ...s.hostQueue.map((p) => [p.id, p.conn, p.bytes, 'requeued by host'])] : [], 'no send');
    const fields = s ? Object.keys(s.hostCapabilities) : [];
    table('capabilities', ['Field', 'Host adopted', 'Target reports'],
      fields.map((f) => {
        const a = s.hostCapabilities[f], b = s.targetCapabilities[f];
        return [f, String(a), a === b ? String(b) : { text: String(b), cls: 'changed' }];
      }), 'not started');
  }

  // ---- status, scenario list, controls ---------------------------------------
  function renderStatus(snap) {
    const st = $('status');
    if (!snap) { st.textContent = 'Starting the simulator...'; return; }
    const parts = [`${snap.title}: step ${snap.position} of ${snap.total}`, `state ${snap.state.protocol}`];
    st.replaceChildren(document.createTextNode(parts.join(' | ') + ' | '));
    st.appendChild(snap.violations
      ? el('span', { class: 'bad' }, `${snap.violations} violation(s)`)
      : el('span', {}, 'keeps to the protocol so far'));
    $('description').textContent = snap.description || '';
    /** @type {HTMLButtonElement} */ ($('step')).disabled = snap.done;
    /** @type {HTMLButtonElement} */ ($('stepBack')).disabled = snap.position === 0;
    /** @type {HTMLInputElement} */ ($('seed')).value = String(snap.seed);
    /** @type {HTMLSelectElement} */ ($('policy')).value = snap.policy;
  }

  function renderScenarios() {
    const sel = /** @type {HTMLSelectElement} */ ($('scenario'));
    const groups = [['builtin', 'Built-in'], ['workspace', 'Workspace']];
    const opts = [];
    const current = ui.snapshot && ui.snapshot.scenarioId;
    if (ui.snapshot && !current) opts.push(el('option', { value: '', selected: '' }, ui.snapshot.title));
    for (const [src, label] of groups) {
      const og = el('optgroup', { label });
      for (const s of ui.scenarios.filter((x) => x.source === src)) {
        const o = el('option', { value: s.id, title: s.description || '' }, s.name);
        if (s.id === current) o.setAttribute('selected', '');
        og.appendChild(o);
      }
      if (og.childElementCount) opts.push(og);
    }
    sel.replaceChildren(...opts);
    $('problems').replaceChildren(...ui.errors.map((e) => el('li', {}, e.text)));
  }

  function render() {
    renderStatus(ui.snapshot);
    renderDiagram(ui.snapshot);
    renderTimeline(ui.snapshot);
    renderTables(ui.snapshot);
    renderScenarios();
    /** @type {HTMLInputElement} */ ($('speed')).value = String(ui.speed);
    /** @type {HTMLButtonElement} */ ($('run')).disabled = timer !== undefined;
    /** @type {HTMLButtonElement} */ ($('pause')).disabled = timer === undefined;
  }

  function step() { if (!waiting) { waiting = true; post({ type: 'step' }); } }
  function run() {
    if (timer !== undefined || !ui.snapshot || ui.snapshot.done) return;
    timer = setInterval(() => {
      if (ui.snapshot && ui.snapshot.done) stop(); else step();
    }, Math.round(2000 / ui.speed));
    render();
  }
  function stop() { if (timer !== undefined) { clearInterval(timer); timer = undefined; render(); } }
  function setSpeed(v) {
    ui.speed = Math.max(1, Math.min(10, v));
    save();
    if (timer !== undefined) { stop(); run(); } else render();
  }

  $('step').addEventListener('click', () => { stop(); step(); });
  $('stepBack').addEventListener('click', () => { stop(); post({ type: 'stepBack' }); });
  $('run').addEventListener('click', run);
  $('pause').addEventListener('click', stop);
  $('reset').addEventListener('click', () => { stop(); post({ type: 'reset' }); });
  $('speed').addEventListener('input', (e) => setSpeed(Number(/** @type {HTMLInputElement} */ (e.target).value)));
  $('scenario').addEventListener('change', (e) => {
    const id = /** @type {HTMLSelectElement} */ (e.target).value;
    if (id) { stop(); post({ type: 'selectScenario', scenarioId: id }); }
  });
  $('policy').addEventListener('change', (e) => post({ type: 'setPolicy', policy: /** @type {HTMLSelectElement} */ (e.target).value }));
  $('seed').addEventListener('change', (e) => {
    const v = Number(/** @type {HTMLInputElement} */ (e.target).value);
    if (Number.isInteger(v) && v >= 0 && v <= 4294967295) post({ type: 'setSeed', seed: v });
  });
  $('exportJson').addEventListener('click', () => post({ type: 'export', format: 'json' }));
  $('exportMermaid').addEventListener('click', () => post({ type: 'export', format: 'mermaid' }));

  document.addEventListener('keydown', (e) => {
    const t = /** @type {HTMLElement} */ (e.target);
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === 'arrowright' || k === 'n') { stop(); step(); }
    else if (k === 'arrowleft' || k === 'b') { stop(); post({ type: 'stepBack' }); }
    else if (k === ' ') { if (timer === undefined) run(); else stop(); }
    else if (k === 'r') { stop(); post({ type: 'reset' }); }
    else if (k === '+' || k === '=') setSpeed(ui.speed + 1);
    else if (k === '-') setSpeed(ui.speed - 1);
    else return;
    e.preventDefault();
  });

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    switch (msg.type) {
      case 'snapshot': {
        waiting = false;
        const s = msg.snapshot;
        ui.snapshot = s;
        ui.restore = { scenarioId: s.scenarioId, replay: s.replay, position: s.position, seed: s.seed, policy: s.policy };
        if (s.done) stop();
        break;
      }
      case 'scenarios':
        ui.scenarios = Array.isArray(msg.scenarios) ? msg.scenarios : [];
        ui.errors = Array.isArray(msg.errors) ? msg.errors : [];
        break;
      case 'error':
        waiting = false;
        stop();
        $('status').textContent = String(msg.message);
        return;
      default:
        return;
    }
    save();
    render();
  });

  render();
  // The extension answers `ready` with the scenario list and a snapshot (restored or new).
  post(ui.restore ? { type: 'ready', restore: ui.restore } : { type: 'ready' });
})();
