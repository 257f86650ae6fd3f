// The offload simulator panel. Plain browser JS, no bundler: it renders the snapshots
// the extension sends (the engine runs in the language server) and posts FromWebview
// messages (server/src/shared/messages.ts) back. The diagram's layout comes from
// diagramLayout.js, loaded before this script. Everything shown is set as text.
// @ts-check
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  // @ts-ignore: set by diagramLayout.js
  const Layout = window.NdisDiagramLayout;
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

  /** Everything the panel needs to redraw itself after being hidden, moved or reloaded. */
  let ui = Object.assign(
    { snapshot: undefined, scenarios: [], errors: [], speed: 5, restore: undefined, breakOnViolation: true, broken: undefined },
    vscode.getState() || {},
  );
  let timer = undefined;
  /** Actions wait their turn: five presses of N are five steps, each sent when the previous answer is in. */
  const queue = [];
  let inFlight = false;
  let notice = '';

  const save = () => vscode.setState(ui);
  function send(msg) {
    queue.push(msg);
    pump();
  }
  function pump() {
    if (inFlight || queue.length === 0) return;
    inFlight = true;
    vscode.postMessage(queue.shift());
  }
  /** Messages the extension answers without a snapshot go straight out. */
  const post = (msg) => vscode.postMessage(msg);

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== false) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  const stateWord = (s) => (ui.snapshot && ui.snapshot.vocabulary.states[s]) || s;
  const objectWord = (s) => (ui.snapshot && ui.snapshot.vocabulary.objectStates[s]) || s;
  const fileOf = (uri) => decodeURIComponent(String(uri).split('/').pop() || uri);

  // ---- state diagram (mini-map) ---------------------------------------------------
  const ORDER = ['offloading', 'paused', 'uploading', 'drained'];
  const LEGAL = [
    ['offloading', 'paused', 'NDIS_STATUS_OFFLOAD_PAUSE'],
    ['paused', 'uploading', 'NDIS_STATUS_UPLOAD_ALL'],
    ['uploading', 'drained', 'terminates done'],
    ['drained', 'offloading', 'NDIS_STATUS_OFFLOAD_RESUME'],
    ['paused', 'offloading', 'NDIS_STATUS_OFFLOAD_RESUME'],
    ['offloading', 'uploading', 'NDIS_STATUS_UPLOAD_ALL'],
  ];

  function renderDiagram(snap) {
    const box = $('diagram');
    if (!snap || !(/** @type {HTMLDetailsElement} */ ($('mapBox')).open)) { box.replaceChildren(); return; }
    const current = snap.state.protocol;
    const last = snap.trace[snap.position - 1 - (snap.traceStart || 0)];
    const isLegal = (a, b) => LEGAL.some(([f, t]) => f === a && t === b);
    const edges = LEGAL.map(([from, to, label]) => ({ id: `${from}-${to}`, from, to, label, illegal: false }));
    // Illegal transitions appear once taken, in the words of their violation.
    for (const e of snap.trace) {
      if (!e.violations.length || !ORDER.includes(e.protocolBefore) || !ORDER.includes(e.protocolAfter)) continue;
      if (e.protocolBefore !== e.protocolAfter && isLegal(e.protocolBefore, e.protocolAfter)) continue;
      const id = `x-${e.protocolBefore}-${e.protocolAfter}-${e.violations[0].rule}`;
      if (!edges.some((x) => x.id === id)) edges.push({ id, from: e.protocolBefore, to: e.protocolAfter, label: e.violations[0].short, illegal: true });
    }
    const width = Math.max(160, Math.floor(box.clientWidth || box.getBoundingClientRect().width || 300));
    const font = Math.max(12, parseFloat(getComputedStyle(document.body).fontSize) || 13) - 1;
    const l = Layout.layoutDiagram({ width, font, nodes: ORDER.map((id) => ({ id, label: stateWord(id) })), edges });
    const takenId = last ? (last.violations.length && !isLegal(last.protocolBefore, last.protocolAfter) || (last.violations.length && last.protocolBefore === last.protocolAfter)
      ? `x-${last.protocolBefore}-${last.protocolAfter}-${last.violations[0].rule}` : `${last.protocolBefore}-${last.protocolAfter}`) : '';
    const bad = !!(last && last.violations.length);
    const root = svg('svg', {
      viewBox: `0 0 ${l.width} ${l.height}`, width: Math.round(l.width * l.scale), height: Math.round(l.height * l.scale),
      role: 'img', 'aria-label': `State diagram: the target is ${stateWord(current)}${bad ? `, reached by a violation (${last.violations[0].short})` : ''}`,
    });
    const defs = svg('defs');
    for (const kind of ['plain', 'taken', 'illegal']) {
      const m = svg('marker', { id: `ah-${kind}`, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, markerUnits: 'userSpaceOnUse', orient: 'auto' });
      m.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrowhead ${kind}` }));
      defs.appendChild(m);
    }
    root.appendChild(defs);
    const byId = new Map(edges.map((e) => [e.id, e]));
    // Untaken edges first, so the taken one is drawn over them.
    const drawn = [...l.edges].sort((a, b) => Number(a.id === takenId) - Number(b.id === takenId));
    for (const e of drawn) {
      const src = byId.get(e.id);
      const taken = e.id === takenId;
      const g = svg('g', { class: `edge${taken ? ' taken' : ''}${src.illegal ? ' illegal' : ''}`, 'data-edge': e.id });
      const marker = src.illegal ? 'illegal' : taken ? 'taken' : 'plain';
      g.appendChild(svg('path', { d: e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' '), 'marker-end': `url(#ah-${marker})` }));
      if (e.leader) g.appendChild(svg('path', { class: 'leader', d: `M${e.leader.x1},${e.leader.y1} L${e.leader.x2},${e.leader.y2}` }));
      const b = e.label.box;
      g.appendChild(svg('rect', { class: 'label-bg', x: b.x - 1, y: b.y, width: b.w + 2, height: b.h }));
      const t = svg('text', { x: b.x, y: b.y, 'font-size': l.font });
      e.label.lines.forEach((line, i) => t.appendChild(svg('tspan', { x: b.x, dy: i === 0 ? l.lineHeight * 0.8 : l.lineHeight }, line)));
      g.appendChild(t);
      root.appendChild(g);
    }
    for (const g of l.legend) {
      const src = byId.get(g.edge);
      const t = svg('text', { x: g.box.x, y: g.box.y, 'font-size': l.font, class: `legend${g.edge === takenId ? ' taken' : ''}${src.illegal ? ' illegal' : ''}` });
      g.lines.forEach((line, i) => t.appendChild(svg('tspan', { x: g.box.x, dy: i === 0 ? l.lineHeight * 0.8 : l.lineHeight }, line)));
      root.appendChild(t);
    }
    for (const n of l.nodes) {
      const cls = `node${n.id === current ? ' current' : ''}${n.id === current && bad ? ' bad' : ''}`;
      const g = svg('g', { class: cls, 'data-state': n.id });
      g.appendChild(svg('rect', { x: n.box.x, y: n.box.y, width: n.box.w, height: n.box.h, rx: 6 }));
      const t = svg('text', { 'text-anchor': 'middle', 'font-size': l.font });
      const top = n.box.y + n.box.h / 2 - (n.lines.length * l.lineHeight) / 2 + l.lineHeight * 0.8;
      n.lines.forEach((line, i) => t.appendChild(svg('tspan', { x: n.box.x + n.box.w / 2, y: top + i * l.lineHeight }, line)));
      g.appendChild(t);
      root.appendChild(g);
    }
    box.replaceChildren(root);
  }

  // ---- sequence: every step of the run, the ones to come greyed ---------------------
  function lineButton(source) {
    const b = el('span', { class: 'line' });
    const a = el('button', { class: 'linkish', title: `Go to ${fileOf(source.uri)} line ${source.line + 1}` }, `${fileOf(source.uri)}:${source.line + 1}`);
    a.addEventListener('click', (ev) => { ev.stopPropagation(); post({ type: 'revealSource', uri: source.uri, line: source.line }); });
    b.appendChild(a);
    return b;
  }

  function renderTimeline(snap) {
    const list = $('timeline');
    if (!snap) { list.replaceChildren(); return; }
    const items = [];
    const setup = snap.setup || 0;
    const row = (position, label, opts) => {
      const li = el('li', { class: [opts.cls, position === snap.position ? 'current' : ''].filter(Boolean).join(' ') });
      if (position === snap.position) li.setAttribute('aria-current', 'step');
      const btn = el('button', { class: 'row', 'data-position': position, 'aria-label': `Step ${position}: ${label}${opts.extra ? `. ${opts.extra}` : ''}. Travel here.` });
      const head = el('span', { class: 'head' });
      head.append(el('span', { class: 'n' }, `${position}.`), el('span', { class: 'what' }, label));
      if (opts.count && opts.count > 1) head.appendChild(el('span', { class: 'times', title: `${opts.count} identical steps in a row` }, `\u00d7${opts.count}`));
      btn.appendChild(head);
      for (const d of opts.details || []) btn.appendChild(d);
      btn.addEventListener('click', () => { stop(); send({ type: 'goto', position }); });
      li.appendChild(btn);
      if (opts.source) li.querySelector('.head').appendChild(lineButton(opts.source));
      return li;
    };
    items.push(row(0, `start: ${stateWord('offloading')}, nothing offloaded`, { cls: 'start' }));
    for (const e of snap.trace) {
      const details = [];
      for (const m of e.messages) {
        const dir = m.note ? `${m.from === 'target' ? 'target' : 'host'}: ` : m.from === 'target' ? 'target \u2192 host: ' : 'host \u2192 target: ';
        details.push(el('span', { class: `detail msg ${m.from}` }, dir + m.text));
      }
      if (e.protocolBefore !== e.protocolAfter) details.push(el('span', { class: 'detail move' }, `${stateWord(e.protocolBefore)} \u2192 ${stateWord(e.protocolAfter)}`));
      for (const n of e.notes) details.push(el('span', { class: `detail${n.startsWith('ignored') ? ' ignored' : ''}` }, n));
      for (const v of e.violations) details.push(el('span', { class: 'detail violation', 'data-rule': v.rule }, `\u2716 ${v.short} (${v.rule})`));
      const cls = [e.index < setup ? 'setup' : '', e.violations.length ? 'bad' : ''].filter(Boolean).join(' ');
      items.push(row(e.index + 1, e.label + (e.index < setup ? ' (setup)' : ''), { cls, count: e.count, source: e.source, details, extra: e.violations.map((v) => `violation: ${v.short}`).join('; ') }));
    }
    snap.upcoming.forEach((u, i) => {
      items.push(row(snap.position + i + 1, u.label, { cls: 'upcoming', count: u.count, source: u.source }));
    });
    // A long run's snapshot holds only the latest steps and the next events: say what is left out.
    if (snap.traceStart) items.splice(1, 0, el('li', { class: 'elided' }, `${snap.traceStart} earlier steps are not listed; Export has the whole run.`));
    if (snap.upcomingMore) items.push(el('li', { class: 'elided' }, `and ${snap.upcomingMore} more events`));
    list.replaceChildren(...items);
    const cur = list.querySelector('li.current');
    if (cur && typeof cur.scrollIntoView === 'function') cur.scrollIntoView({ block: 'nearest' });
  }

  // ---- tables ----------------------------------------------------------------------
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
      s ? s.objects.map((o) => [o.id, o.kind, o.parent || '', objectWord(o.state), o.nic || '']) : [], 'nothing offloaded yet');
    table('requests', ['Request', 'Kind', 'Objects', 'Stage or cause'],
      s ? s.requests.map((r) => [r.id, r.kind, r.objects.join(', '), r.kind === 'initiate' ? ({ inTransit: 'in transit', atTarget: 'at the target', queued: 'queued by the target' })[r.stage] || r.stage : r.cause]) : [], 'no request in flight');
    table('sends', ['Send', 'Connection', 'Bytes', 'Where'],
      s ? [...s.pendingSends.map((p) => [p.id, p.conn, p.bytes, 'pending at target']), ...s.hostQueue.map((p) => [p.id, p.conn, p.bytes, 'requeued by host'])] : [], 'no send');
    const fields = s ? Object.keys(s.hostCapabilities) : [];
    table('capabilities', ['Field', 'Host adopted', 'Target reports'],
      fields.map((f) => {
        const a = s.hostCapabilities[f], b = s.targetCapabilities[f];
        return [f, String(a), a === b ? String(b) : { text: String(b), cls: 'changed' }];
      }), 'not started');
  }

  // ---- status, banner, scenario list, controls --------------------------------------
  function currentViolation(snap) {
    const e = snap && snap.trace[snap.position - 1 - (snap.traceStart || 0)];
    return e && e.violations.length ? { entry: e, v: e.violations[0] } : undefined;
  }

  function renderStatus(snap) {
    const st = $('status');
    $('notice').textContent = notice;
    if (ui.broken) {
      st.textContent = `${ui.broken.name} does not parse now: ${ui.broken.problems} problem(s), listed in the Problems panel. Fix the file, or pick another scenario.`;
      return;
    }
    if (!snap) { st.textContent = 'Starting the simulator...'; return; }
    st.replaceChildren(document.createTextNode(`Step ${snap.position} of ${snap.total} \u00b7 the target is ${stateWord(snap.state.protocol)} \u00b7 `));
    st.appendChild(snap.violations
      ? el('span', { class: 'bad' }, `${snap.violations} violation(s) so far`)
      : el('span', {}, 'keeps to the protocol so far'));
    $('title').textContent = `\u00b7 ${snap.title}`;
    $('description').textContent = snap.description || '';
    /** @type {HTMLInputElement} */ ($('seed')).value = ui.seedDraft !== undefined ? ui.seedDraft : String(snap.seed);
    /** @type {HTMLSelectElement} */ ($('policy')).value = snap.policy;
  }

  function renderBanner(snap) {
    const banner = $('banner');
    const hit = !ui.broken && currentViolation(snap);
    $('showProblemsBanner').hidden = !ui.broken;
    $('goToCode').hidden = !hit || !hit.entry.source;
    $('showFix').hidden = !hit;
    $('bannerRule').hidden = !hit;
    if (ui.broken) {
      banner.hidden = false;
      $('bannerText').textContent = `The scenario file ${ui.broken.name} is broken: ${ui.broken.problems} problem(s). Its last run is closed; nothing else runs in its place.`;
      return;
    }
    if (!hit) { banner.hidden = true; return; }
    banner.hidden = false;
    const where = hit.entry.source ? ` at ${fileOf(hit.entry.source.uri)} line ${hit.entry.source.line + 1}` : '';
    $('bannerText').textContent = `Step ${hit.entry.index + 1} breaks the protocol${where}: ${hit.v.short}. ${hit.v.reason.charAt(0).toUpperCase()}${hit.v.reason.slice(1)}.`;
    $('bannerRule').textContent = hit.v.rule;
    $('bannerRule').title = `Open the page of ${hit.v.rule}`;
  }

  function renderScenarios() {
    const sel = /** @type {HTMLSelectElement} */ ($('scenario'));
    const current = ui.broken ? ui.broken.scenarioId : ui.snapshot && ui.snapshot.scenarioId;
    const opts = [];
    if (ui.snapshot && !ui.snapshot.scenarioId && !ui.broken) opts.push(el('option', { value: '', selected: '' }, `Replay: ${ui.snapshot.title}`));
    for (const [src, label] of [['builtin', 'Built-in'], ['workspace', 'Workspace files']]) {
      const og = el('optgroup', { label });
      for (const s of ui.scenarios.filter((x) => x.source === src)) {
        const o = el('option', { value: s.id, title: s.description || '' }, s.broken ? `${s.name} (broken)` : s.name);
        if (s.id === current) o.setAttribute('selected', '');
        og.appendChild(o);
      }
      if (og.childElementCount) opts.push(og);
    }
    sel.replaceChildren(...opts);
    const files = new Set(ui.errors.map((e) => e.file)).size;
    const p = $('scenarioProblems');
    p.replaceChildren();
    if (files) {
      p.appendChild(document.createTextNode(`${files} scenario file(s) have problems. `));
      const b = el('button', { class: 'linkish' }, 'Show them in the Problems panel');
      b.addEventListener('click', () => post({ type: 'showProblems' }));
      p.appendChild(b);
    }
  }

  function renderControls(snap) {
    const dead = !snap || !!ui.broken;
    /** @type {HTMLButtonElement} */ ($('step')).disabled = dead || snap.done;
    /** @type {HTMLButtonElement} */ ($('stepBack')).disabled = dead || snap.position === 0;
    /** @type {HTMLButtonElement} */ ($('restart')).disabled = dead;
    const play = /** @type {HTMLButtonElement} */ ($('play'));
    const playing = timer !== undefined;
    play.disabled = dead || (!playing && snap.done);
    play.setAttribute('aria-label', playing ? 'Stop playing' : 'Play the run');
    play.title = playing ? 'Stop playing (Space)' : 'Play the run step by step (Space when no control has the focus)';
    play.firstElementChild.className = `codicon ${playing ? 'codicon-debug-stop' : 'codicon-play'}`;
    $('breakOnViolation').setAttribute('aria-pressed', String(ui.breakOnViolation));
    /** @type {HTMLInputElement} */ ($('speed')).value = String(ui.speed);
  }

  function render() {
    renderStatus(ui.snapshot);
    renderBanner(ui.snapshot);
    renderScenarios();
    renderTimeline(ui.broken ? undefined : ui.snapshot);
    renderDiagram(ui.broken ? undefined : ui.snapshot);
    renderTables(ui.broken ? undefined : ui.snapshot);
    renderControls(ui.snapshot);
  }

  // ---- actions ------------------------------------------------------------------------
  function act(msg) { if (!ui.broken) send(msg); }
  function play() {
    if (timer !== undefined || !ui.snapshot || ui.snapshot.done || ui.broken) return;
    timer = setInterval(() => {
      if (!ui.snapshot || ui.snapshot.done) stop();
      else if (!inFlight && queue.length === 0) send({ type: 'step' });
    }, Math.round(2000 / ui.speed));
    render();
  }
  function stop() { if (timer !== undefined) { clearInterval(timer); timer = undefined; render(); } }
  function setSpeed(v) {
    ui.speed = Math.max(1, Math.min(10, v));
    save();
    if (timer !== undefined) { stop(); play(); } else render();
  }
  function restartNotice(what) {
    notice = `${what}: the run restarted from step 0.`;
  }

  $('step').addEventListener('click', () => { stop(); act({ type: 'step' }); });
  $('stepBack').addEventListener('click', () => { stop(); act({ type: 'stepBack' }); });
  $('play').addEventListener('click', () => (timer === undefined ? play() : stop()));
  $('restart').addEventListener('click', () => { stop(); act({ type: 'reset' }); });
  $('breakOnViolation').addEventListener('click', () => { ui.breakOnViolation = !ui.breakOnViolation; save(); render(); });
  $('speed').addEventListener('input', (e) => setSpeed(Number(/** @type {HTMLInputElement} */ (e.target).value)));
  $('scenario').addEventListener('change', (e) => {
    const id = /** @type {HTMLSelectElement} */ (e.target).value;
    if (!id) return;
    stop();
    notice = '';
    send({ type: 'selectScenario', scenarioId: id });
  });
  $('policy').addEventListener('change', (e) => {
    stop();
    restartNotice(`Optional retrieve is now "${/** @type {HTMLSelectElement} */ (e.target).value}"`);
    act({ type: 'setPolicy', policy: /** @type {HTMLSelectElement} */ (e.target).value });
  });
  $('seed').addEventListener('change', (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    const text = input.value.trim();
    const ok = /^\d{1,10}$/.test(text) && Number(text) <= 4294967295;
    input.setAttribute('aria-invalid', String(!ok));
    if (!ok) {
      ui.seedDraft = input.value;
      $('seedError').textContent = `"${text}" is not a seed: use a whole number from 0 to 4294967295. The run keeps seed ${ui.snapshot ? ui.snapshot.seed : 1}.`;
      render();
      return;
    }
    ui.seedDraft = undefined;
    $('seedError').textContent = '';
    stop();
    restartNotice(`Seed ${Number(text)}`);
    act({ type: 'setSeed', seed: Number(text) });
  });
  $('bannerRule').addEventListener('click', (ev) => {
    ev.preventDefault();
    const hit = currentViolation(ui.snapshot);
    if (hit) post({ type: 'openRule', rule: hit.v.rule });
  });
  $('goToCode').addEventListener('click', () => {
    const hit = currentViolation(ui.snapshot);
    if (hit && hit.entry.source) post({ type: 'revealSource', uri: hit.entry.source.uri, line: hit.entry.source.line });
  });
  $('showFix').addEventListener('click', () => {
    const hit = currentViolation(ui.snapshot);
    if (!hit) return;
    post(hit.entry.source ? { type: 'showFix', rule: hit.v.rule, uri: hit.entry.source.uri, line: hit.entry.source.line } : { type: 'showFix', rule: hit.v.rule });
  });
  $('showProblemsBanner').addEventListener('click', () => post({ type: 'showProblems' }));
  /** @type {HTMLDetailsElement} */ ($('mapBox')).addEventListener('toggle', () => renderDiagram(ui.broken ? undefined : ui.snapshot));

  // The overflow menu: opens below its button, closes on Escape, on a pick or on a click elsewhere.
  const menu = $('more');
  const moreButton = $('moreButton');
  function openMenu(open) {
    menu.hidden = !open;
    moreButton.setAttribute('aria-expanded', String(open));
    if (open) /** @type {HTMLElement} */ (menu.querySelector('input, select, button')).focus();
  }
  moreButton.addEventListener('click', () => openMenu(menu.hidden));
  menu.addEventListener('click', (ev) => {
    const b = /** @type {HTMLElement} */ (ev.target).closest('button[data-action]');
    if (!b) return;
    const action = b.getAttribute('data-action');
    openMenu(false);
    moreButton.focus();
    if (action === 'exportJson') post({ type: 'export', format: 'json' });
    else if (action === 'exportMermaid') post({ type: 'export', format: 'mermaid' });
    else post({ type: action });
  });
  document.addEventListener('click', (ev) => {
    const t = /** @type {HTMLElement} */ (ev.target);
    if (!menu.hidden && !menu.contains(t) && !moreButton.contains(t)) openMenu(false);
  });

  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !menu.hidden) { openMenu(false); moreButton.focus(); e.preventDefault(); return; }
    const t = /** @type {HTMLElement} */ (e.target);
    const tag = t && t.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
    // Space and Enter belong to the focused control (a button presses itself).
    if ((e.key === ' ' || e.key === 'Enter') && (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY')) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === 'arrowright' || k === 'n') { stop(); if (ui.snapshot && !ui.broken) act({ type: 'step' }); }
    else if (k === 'arrowleft' || k === 'b') { stop(); act({ type: 'stepBack' }); }
    else if (k === ' ') { if (timer === undefined) play(); else stop(); }
    else if (k === 'r') { stop(); act({ type: 'reset' }); }
    else if (k === '+' || k === '=') setSpeed(ui.speed + 1);
    else if (k === '-') setSpeed(ui.speed - 1);
    else return;
    e.preventDefault();
  });

  let lastWidth = 0;
  new ResizeObserver(() => {
    const w = $('diagram').clientWidth;
    if (w !== lastWidth) { lastWidth = w; renderDiagram(ui.broken ? undefined : ui.snapshot); }
  }).observe($('diagram'));

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    switch (msg.type) {
      case 'snapshot': {
        inFlight = false;
        const s = msg.snapshot;
        const before = ui.snapshot;
        ui.snapshot = s;
        ui.broken = undefined;
        // A replay of a broken path asks to stop on its violation.
        if ((!before || before.sessionId !== s.sessionId) && s.replay && s.replay.breakOnViolation) ui.breakOnViolation = true;
        // "the run restarted" stays until the run moves on.
        if (before && before.sessionId === s.sessionId && s.position > 0 && /restarted/.test(notice)) notice = '';
        ui.restore = { scenarioId: s.scenarioId, replay: s.replay, position: s.position, seed: s.seed, policy: s.policy, breakOnViolation: ui.breakOnViolation };
        // The violation first: when it is the last step, the run is also done, and the stop must still say why.
        const hit = currentViolation(s);
        if (hit && timer !== undefined && ui.breakOnViolation) {
          stop();
          queue.length = 0;
          notice = `Stopped at step ${s.position}: it breaks the protocol (break on violation is on).`;
        }
        if (s.done) stop();
        pump();
        break;
      }
      case 'scenarios':
        ui.scenarios = Array.isArray(msg.scenarios) ? msg.scenarios : [];
        ui.errors = Array.isArray(msg.errors) ? msg.errors : [];
        break;
      case 'broken':
        inFlight = false;
        queue.length = 0;
        stop();
        ui.broken = { scenarioId: String(msg.scenarioId), name: String(msg.name), problems: Number(msg.problems) || 0 };
        ui.snapshot = undefined;
        break;
      case 'exported':
        notice = msg.format === 'scenario' ? `Saved the run as the scenario ${fileOf(msg.file)}.` : `Exported the whole run to ${fileOf(msg.file)}.`;
        break;
      case 'error':
        inFlight = false;
        queue.length = 0;
        stop();
        notice = String(msg.message);
        pump();
        break;
      default:
        return;
    }
    save();
    render();
  });

  render();
  // The extension answers `ready` with the scenario list and a snapshot (restored or new).
  send(ui.restore ? { type: 'ready', restore: ui.restore } : { type: 'ready' });
})();
