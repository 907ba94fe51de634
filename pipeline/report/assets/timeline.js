// The Gantt chart of one episode: a row per task, a bar per call from issue to delivery,
// the agent's turns and waits on top, idle windows shaded, dependency violations marked.

// Packed call columns (see pipeline/report/pack.ts).
const C_TASK = 0, C_TOOL = 1, C_HANDLE = 2, C_STATUS = 3, C_ISSUED = 4, C_COMPLETED = 5, C_DELIVERED = 6, C_TURN = 7, C_FLAGS = 8, C_ID = 9, C_GOLD = 11;
const FLAG_VIOLATION = 1;
const FLAG_WASTED = 2;

function callEnd(call, ep) {
  if (call[C_DELIVERED] !== null) return call[C_DELIVERED];
  if (call[C_COMPLETED] !== null) return call[C_COMPLETED];
  return call[C_STATUS] === 'rejected' ? call[C_ISSUED] : ep.end;
}

function timeline(ep, onPick) {
  const rowH = 22;
  const labelW = 120;
  const width = 940;
  const rows = ep.k.map((task) => ({ label: task[0] + ' · ' + task[1], solved: task[2], calls: [] }));
  const other = { label: 'unmatched', solved: null, calls: [] };
  for (const call of ep.c) (call[C_TASK] >= 0 ? rows[call[C_TASK]] : other).calls.push(call);
  if (other.calls.length) rows.push(other);

  let maxT = Math.max(ep.end, 1e-9);
  for (const call of ep.c) maxT = Math.max(maxT, callEnd(call, ep));
  const x = (t) => labelW + (t / maxT) * (width - labelW - 10);

  // Stack overlapping calls of a row into lanes.
  let y = 30;
  for (const row of rows) {
    const laneEnds = [];
    row.lanes = row.calls.map((call) => {
      const start = call[C_ISSUED];
      let lane = laneEnds.findIndex((end) => end <= start);
      if (lane < 0) lane = laneEnds.length;
      laneEnds[lane] = Math.max(callEnd(call, ep), start + maxT / 200);
      return lane;
    });
    row.y = y;
    row.h = Math.max(1, laneEnds.length) * rowH;
    y += row.h + 6;
  }
  const height = y + 24;
  const svgEl = s('svg', { class: 'timeline', viewBox: '0 0 ' + width + ' ' + height, width, height });

  for (const row of rows) svgEl.appendChild(s('rect', { x: 0, y: row.y - 3, width, height: row.h + 2, class: 'row-bg' }));
  for (const [from, to] of ep.i) {
    const r = s('rect', { x: x(from), y: 24, width: Math.max(1, x(to) - x(from)), height: height - 48, class: 'idle' });
    r.appendChild(s('title', null, 'idle ' + fmt(from, 'sec') + ' – ' + fmt(to, 'sec') + ': the agent waited while a ready call was not issued'));
    svgEl.appendChild(r);
  }
  // Agent row: turns as short blocks, waits as hatched spans.
  svgEl.appendChild(s('text', { x: 4, y: 18, class: 'row-label' }, 'agent turns'));
  for (const [from, to, kind] of ep.w) {
    const r = s('rect', { x: x(from), y: 8, width: Math.max(1, x(to) - x(from)), height: 12, class: 'wait wait-' + kind });
    r.appendChild(s('title', null, kind + ' ' + fmt(from, 'sec') + ' – ' + fmt(to, 'sec')));
    svgEl.appendChild(r);
  }
  ep.t.forEach((at, i) => {
    const r = s('rect', { x: x(at), y: 6, width: Math.max(2, x(at + ep.tc) - x(at)), height: 16, class: 'turn' });
    r.appendChild(s('title', null, 'turn ' + (i + 1) + ' at ' + fmt(at, 'sec')));
    svgEl.appendChild(r);
  });

  for (const row of rows) {
    const label = s('text', { x: 4, y: row.y + 14, class: 'row-label' + (row.solved === 0 ? ' unsolved' : '') }, shorten(row.label, 17));
    label.appendChild(s('title', null, row.label + (row.solved === null ? '' : row.solved ? ' (solved)' : ' (not solved)')));
    svgEl.appendChild(label);
    row.calls.forEach((call, i) => svgEl.appendChild(callBar(call, row.y + row.lanes[i] * rowH, x, ep, onPick)));
  }
  for (const [taskId, at] of ep.a) {
    const row = rows.find((r, i) => i < ep.k.length && ep.k[i][0] === taskId);
    if (!row) continue;
    const cx = x(at);
    const cy = row.y + 9;
    const d = s('path', { d: 'M' + cx + ' ' + (cy - 7) + 'l6 7l-6 7l-6 -7z', class: 'answer' + (row.solved ? '' : ' wrong') });
    d.appendChild(s('title', null, 'answer to ' + taskId + ' at ' + fmt(at, 'sec')));
    svgEl.appendChild(d);
  }
  for (const tick of axisTicks(maxT)) {
    svgEl.appendChild(s('line', { x1: x(tick), x2: x(tick), y1: height - 22, y2: height - 18, class: 'axis' }));
    svgEl.appendChild(s('text', { x: x(tick), y: height - 6, class: 'tick', 'text-anchor': 'middle' }, fmt(tick, 'num') + 's'));
  }
  return svgEl;
}

function callBar(call, top, x, ep, onPick) {
  const g = s('g', { class: 'call status-' + call[C_STATUS] + (call[C_FLAGS] & FLAG_VIOLATION ? ' violation' : '') + (call[C_FLAGS] & FLAG_WASTED ? ' wasted' : ''), 'data-call': call[C_ID] });
  const issued = call[C_ISSUED];
  const tip = [
    (call[C_HANDLE] || 'rejected') + ' ' + call[C_TOOL] + (call[C_GOLD] ? ' (gold ' + call[C_GOLD] + ')' : ''),
    'issued ' + fmt(issued, 'sec') + ' (turn ' + call[C_TURN] + ')',
    call[C_COMPLETED] !== null ? 'completed ' + fmt(call[C_COMPLETED], 'sec') : 'not completed',
    call[C_DELIVERED] !== null ? 'delivered ' + fmt(call[C_DELIVERED], 'sec') : 'not delivered',
    'status ' + call[C_STATUS],
  ];
  if (call[C_FLAGS] & FLAG_VIOLATION) tip.push('DEPENDENCY VIOLATION: issued before the result it needs was delivered');
  if (call[C_FLAGS] & FLAG_WASTED) tip.push('wasted call (duplicate or unmatched)');
  g.appendChild(s('title', null, tip.join('\n')));
  if (call[C_STATUS] === 'rejected') {
    g.appendChild(s('path', { d: 'M' + (x(issued) - 5) + ' ' + (top + 2) + 'l10 14m0 -14l-10 14', class: 'rejected' }));
  } else {
    const done = call[C_COMPLETED] !== null ? call[C_COMPLETED] : ep.end;
    const end = callEnd(call, ep);
    g.appendChild(s('rect', { x: x(issued), y: top + 2, width: Math.max(2, x(done) - x(issued)), height: 14, class: 'run' }));
    if (end > done) g.appendChild(s('rect', { x: x(done), y: top + 2, width: x(end) - x(done), height: 14, class: 'ready' }));
    g.appendChild(s('text', { x: x(issued) + 3, y: top + 13, class: 'bar-label' }, shorten(call[C_TOOL], Math.max(0, Math.floor((x(end) - x(issued)) / 6)))));
  }
  if (call[C_FLAGS] & FLAG_VIOLATION) g.appendChild(s('path', { d: 'M' + x(issued) + ' ' + (top + 1) + 'l-5 -7h10z', class: 'violation-mark' }));
  g.addEventListener('click', () => onPick(call[C_ID]));
  return g;
}

function axisTicks(maxT) {
  const step = niceCeil(maxT / 8) || 1;
  const ticks = [];
  for (let t = 0; t <= maxT + 1e-9; t += step) ticks.push(Math.round(t * 1000) / 1000);
  return ticks;
}
