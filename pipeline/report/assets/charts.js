// Grouped bar charts with 95% interval whiskers, drawn as inline SVG.

/**
 * groups: labels on the x axis; series: [{ label, color }]; cells[group][series] = [mean, lo, hi, n] or null.
 * format: how values print; max: the top of the scale (1 for shares).
 */
function barChart({ title, groups, series, cells, format, max }) {
  const barW = 16;
  const gap = 14;
  const groupW = Math.max(series.length * barW + gap, 48);
  const longest = groups.reduce((n, g) => Math.max(n, Math.min(g.length, 20)), 0);
  // Labels are rotated, so the first one reaches left of its bar by about its length.
  const left = Math.max(48, Math.round(longest * 7 * 0.82 - (gap + series.length * barW) / 2 + 10));
  const top = 18;
  const plotH = 160;
  const labelH = Math.max(40, Math.round(longest * 7 * 0.58 + 22));
  const width = Math.max(320, left + groups.length * groupW + 12);
  const height = top + plotH + labelH;
  let top1 = max;
  if (top1 === undefined) {
    top1 = 0;
    // Scaled to the means; a whisker that reaches past the top is cut there.
    for (const row of cells) for (const c of row) if (c) top1 = Math.max(top1, c[0]);
    top1 = top1 > 0 ? niceCeil(top1 * 1.2) : 1;
  }
  const y = (v) => top + plotH - (Math.max(0, Math.min(v, top1)) / top1) * plotH;
  const svgEl = s('svg', { class: 'chart', viewBox: '0 0 ' + width + ' ' + height, width, height, role: 'img' });
  svgEl.appendChild(s('title', null, title));
  for (let i = 0; i <= 4; i++) {
    const v = (top1 * i) / 4;
    svgEl.appendChild(s('line', { x1: left, x2: width - 4, y1: y(v), y2: y(v), class: 'grid' }));
    svgEl.appendChild(s('text', { x: left - 4, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, fmt(v, format === 'pct' ? 'pct0' : format)));
  }
  groups.forEach((group, gi) => {
    const x0 = left + gi * groupW + gap / 2;
    series.forEach((ser, si) => {
      const c = cells[gi] && cells[gi][si];
      if (!c) return;
      const x = x0 + si * barW;
      const bar = s('rect', { x, y: y(c[0]), width: barW - 2, height: Math.max(0.5, y(0) - y(c[0])), fill: ser.color, class: 'bar' });
      bar.appendChild(s('title', null, ser.label + ' · ' + group + ': ' + fmtInterval(c, format) + (c[3] !== undefined ? ' (n=' + c[3] + ')' : '')));
      svgEl.appendChild(bar);
      if (c[2] > c[1]) {
        const cx = x + (barW - 2) / 2;
        svgEl.appendChild(s('line', { x1: cx, x2: cx, y1: y(c[1]), y2: y(c[2]), class: 'whisker' }));
        svgEl.appendChild(s('line', { x1: cx - 3, x2: cx + 3, y1: y(c[1]), y2: y(c[1]), class: 'whisker' }));
        svgEl.appendChild(s('line', { x1: cx - 3, x2: cx + 3, y1: y(c[2]), y2: y(c[2]), class: 'whisker' }));
      }
    });
    const lx = x0 + (series.length * barW) / 2;
    svgEl.appendChild(s('text', { x: lx, y: top + plotH + 12, class: 'label', 'text-anchor': 'end', transform: 'rotate(-35 ' + lx + ' ' + (top + plotH + 12) + ')' }, shorten(group, 20)));
  });
  return h('figure', { class: 'chart-box' }, h('figcaption', null, title), svgEl);
}

function niceCeil(v) {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function shorten(text, n) {
  return text.length > n ? text.slice(0, n - 1) + '…' : text;
}

function legend(series) {
  return h('div', { class: 'legend' }, series.map((ser) => h('span', { class: 'legend-item' }, h('i', { style: 'background:' + ser.color }), ser.label)));
}
