// Builds the page from the embedded data: leaderboard, breakdown charts, failure modes,
// latency ablation, and the episode list.

function leaderboardSection(data) {
  // The best value of each column; every run that reaches it is highlighted.
  const best = data.metrics.map((metric, mi) => {
    if (metric.better === 'none' || data.runs.length < 2) return null;
    const values = data.leaderboard.map((row) => row[mi] && row[mi][0]).filter((v) => v !== null && v !== undefined);
    if (values.length === 0) return null;
    return metric.better === 'higher' ? Math.max(...values) : Math.min(...values);
  });
  const table = h('table', { class: 'leaderboard', id: 'leaderboard' },
    h('thead', null, h('tr', null, h('th', null, 'run'), h('th', null, 'delivery'), h('th', null, 'lifecycle'), h('th', null, 'episodes'), h('th', { title: 'what a model run paid, by the price table (summary.json cost)' }, 'cost'),
      h('th', { title: 'pass^k at k = the run\'s trials: the chance that all k latency draws of a sample solve it' }, 'pass^k'), data.metrics.map((m) => h('th', { title: m.help }, m.label)))),
    h('tbody', null, data.runs.map((run, ri) => h('tr', null,
      h('td', { class: 'run-name' }, h('span', { class: 'run-dot', style: 'background:' + runColor(ri) }), run.label),
      h('td', { class: 'delivery' }, run.delivery),
      h('td', { class: 'lifecycle' }, run.lifecycle),
      h('td', null, run.trials > 1 ? run.samples + ' × ' + run.trials + ' trials' : String(run.episodes)),
      h('td', { class: 'cost' }, run.cost || '–'),
      h('td', null, run.passHat ? h('div', null, fmt(run.passHat[0], 'ratio'), ' (k=' + run.trials + ')') : '–', run.passHat ? h('div', { class: 'ci' }, '[' + fmt(run.passHat[1], 'ratio') + ', ' + fmt(run.passHat[2], 'ratio') + ']') : null),
      data.metrics.map((m, mi) => {
        const cell = data.leaderboard[ri][mi];
        return h('td', { class: cell && best[mi] !== null && cell[0] === best[mi] ? 'best' : null }, h('div', null, fmt(cell && cell[0], m.format)), h('div', { class: 'ci' }, cell ? '[' + fmt(cell[1], m.format) + ', ' + fmt(cell[2], m.format) + ']' : ''));
      })))));
  return section('leaderboard-section', 'Leaderboard', h('p', { class: 'muted' }, 'Means over samples with 95% confidence intervals (with trials, each sample is first averaged over its trials, and every trial is listed under Episodes); the best run per column is highlighted.'), h('div', { class: 'scroll' }, table));
}

function runSeries(data) {
  return data.runs.map((r, i) => ({ label: r.label, color: runColor(i) }));
}

function breakdownSection(data) {
  const series = runSeries(data);
  const charts = [];
  for (const b of data.breakdowns) {
    if (b.groups.length === 0) continue;
    charts.push(barChart({ title: 'Success by ' + b.title, groups: b.groups, series, cells: b.success, format: 'pct', max: 1 }));
    charts.push(barChart({ title: 'Efficiency by ' + b.title, groups: b.groups, series, cells: b.efficiency, format: 'ratio' }));
  }
  return section('breakdown', 'Success and efficiency', h('p', { class: 'muted' }, data.notes.breakdown), legend(series), h('div', { class: 'charts' }, charts));
}

function failureSection(data) {
  const series = runSeries(data);
  // Shares are per sample, as summary.json's failureModes: with trials, a sample counts once, as its share of trials.
  const cells = data.failures.modes.map((_, mi) => data.runs.map((run, ri) => data.failures.shares[ri][mi]));
  const cell = (run, ri, mi) => {
    const share = data.failures.shares[ri][mi];
    const k = data.failures.counts[ri][mi];
    return (share ? fmt(share[0], 'pct') : '–') + ' (' + k + ' of ' + run.episodes + ' episodes)';
  };
  const anyTrials = data.runs.some((r) => r.trials > 1);
  const note = 'Share of samples given each label (an episode can have several), as summary.json\'s failureModes; in brackets, the episodes given it.' +
    (anyTrials ? ' With trials, each sample counts once, as the share of its trials given the label; the episodes are samples × trials.' : '');
  const table = h('table', { class: 'failures' },
    h('thead', null, h('tr', null, h('th', null, 'failure mode'), data.runs.map((r) => h('th', null, r.label)))),
    h('tbody', null, data.failures.modes.map((mode, mi) => h('tr', null, h('td', null, mode),
      data.runs.map((run, ri) => h('td', null, cell(run, ri, mi)))))));
  return section('failures', 'Failure modes', h('p', { class: 'muted' }, note), legend(series),
    h('div', { class: 'charts' }, barChart({ title: 'Share of samples per failure mode', groups: data.failures.modes, series, cells, format: 'pct', max: 1 })), h('div', { class: 'scroll' }, table));
}

function ablationSection(data) {
  if (data.ablations.length === 0) return null;
  return section('ablation', 'Mode ablation', h('p', { class: 'muted' }, 'The same agent on the same samples with zero latency (instant), blocking calls (sync) and pending handles (async), and under other delivery protocols (async-poll, async-notify, async-silent): the change from the first mode is the cost of that mode alone.'),
    data.ablations.map((ab) => {
      const modes = ab.runs.map((ri) => data.runs[ri].mode);
      const isSuccess = (row) => data.metrics[row.metric].format === 'pct' && data.metrics[row.metric].better === 'higher';
      const pctRows = ab.rows.filter(isSuccess);
      const otherRows = ab.rows.filter((row) => !isSuccess(row));
      const series = pctRows.map((row, i) => ({ label: data.metrics[row.metric].label, color: PALETTE[i % PALETTE.length] }));
      const chart = barChart({ title: 'Success by mode', groups: modes, series, cells: modes.map((_, mi) => pctRows.map((row) => row.values[mi])), format: 'pct', max: 1 });
      const table = h('table', { class: 'ablation-table' },
        h('thead', null, h('tr', null, h('th', null, 'metric'), modes.map((m) => h('th', null, m)), ab.against.map((m) => h('th', null, 'Δ ' + m + ' vs ' + ab.baseline)))),
        h('tbody', null, pctRows.concat(otherRows).map((row) => {
          const metric = data.metrics[row.metric];
          return h('tr', null, h('td', null, metric.label), row.values.map((v) => h('td', null, fmtInterval(v, metric.format))), row.deltas.map((d) => h('td', { class: d !== null && d < 0 ? 'worse' : null }, d === null ? '–' : (d > 0 ? '+' : '') + fmt(d, metric.format))));
        })));
      return h('div', { class: 'ablation' }, h('h3', null, ab.agent + (ab.group ? ' · ' + ab.group : '')), legend(series), h('div', { class: 'charts' }, chart), h('div', { class: 'scroll' }, table));
    }));
}

function metricOf(data, key) {
  return data.metrics.find((m) => m.key === key);
}

// The same agent, latency mode and lifecycle settings under each delivery protocol, on shared samples.
function protocolSection(data) {
  if (data.protocols.length === 0) return null;
  return section('protocols', 'Delivery protocols', h('p', { class: 'muted' }, 'The same agent on the same samples with results pushed, polled (check/check_all), notified (get_result) or completed silently; wasted polls are fetches that returned nothing new, thinking time the virtual seconds charged for completion tokens.'),
    data.protocols.map((cmp) => {
      const table = h('table', { class: 'protocol-table' },
        h('thead', null, h('tr', null, h('th', null, 'metric'), cmp.deliveries.map((d) => h('th', null, d)))),
        h('tbody', null, cmp.rows.map((row) => {
          const metric = metricOf(data, row.key);
          return h('tr', null, h('td', null, metric ? metric.label : row.key), row.values.map((v) => h('td', null, fmtInterval(v, metric ? metric.format : 'num'))));
        })));
      const success = cmp.rows.find((row) => row.key === 'taskSuccess');
      const chart = success ? barChart({ title: 'Task success by delivery', groups: cmp.deliveries, series: [{ label: 'Task success', color: PALETTE[0] }], cells: success.values.map((v) => [v]), format: 'pct', max: 1 }) : null;
      return h('div', { class: 'protocol' }, h('h3', null, cmp.agent + ' · ' + cmp.mode + ' · lifecycle ' + cmp.lifecycle + ' (' + cmp.samples + ' shared samples)'), h('div', { class: 'charts' }, chart), h('div', { class: 'scroll' }, table));
    }));
}

// Lifecycle settings of each run and the share of samples given each lifecycle label.
function lifecycleSection(data) {
  const table = h('table', { class: 'lifecycle-table' },
    h('thead', null, h('tr', null, h('th', null, 'run'), h('th', null, 'delivery'), h('th', null, 'lifecycle'), data.lifecycle.labels.map((l) => h('th', null, l)))),
    h('tbody', null, data.runs.map((run, ri) => h('tr', null, h('td', { class: 'run-name' }, run.label), h('td', null, run.delivery), h('td', null, run.lifecycle),
      data.lifecycle.shares[ri].map((cell) => h('td', null, fmtInterval(cell, 'pct')))))));
  return section('lifecycle', 'Lifecycle labels', h('p', { class: 'muted' }, 'Share of samples given each label that only delivery modes and lifecycle events produce (late failures, timeouts, expiry): a missed late failure, a receipt used as a result, nothing fetched in poll mode, a result left to expire.'), h('div', { class: 'scroll' }, table));
}

function render() {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  document.title = data.title;
  const root = document.getElementById('app');
  const parts = [
    h('header', null, h('h1', null, data.title), h('p', { class: 'muted' }, data.runs.length + ' run(s) · ' + data.episodes.length + ' episodes · ' + data.runs.map((r) => r.label + ' (' + r.dir + ')').join(' · '))),
    leaderboardSection(data),
    breakdownSection(data),
    failureSection(data),
    ablationSection(data),
    protocolSection(data),
    lifecycleSection(data),
    episodesSection(data),
  ];
  root.replaceChildren(...parts.filter(Boolean));
  document.body.setAttribute('data-ready', '1');
}

render();
