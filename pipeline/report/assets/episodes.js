// The searchable, filterable list of episodes; an episode's timeline and conversation are built
// only when it is opened, so a report of thousands of episodes opens quickly.
const PAGE = 200;

function episodesSection(data) {
  const search = h('input', { type: 'search', id: 'episode-search', placeholder: 'search sample id, task, tool, reply…' });
  const outcome = h('select', { id: 'episode-outcome' },
    h('option', { value: 'all' }, 'all outcomes'), h('option', { value: 'solved' }, 'solved'), h('option', { value: 'failed' }, 'failed'),
    data.failures.modes.map((mode, i) => h('option', { value: 'fm' + i }, mode)));
  const run = h('select', { id: 'episode-run' }, h('option', { value: 'all' }, 'all runs'), data.runs.map((r, i) => h('option', { value: String(i) }, r.label)));
  const count = h('span', { class: 'muted', id: 'episode-count' });
  const list = h('div', { id: 'episode-list' });
  const more = h('button', { type: 'button', class: 'more' }, 'show more');
  let matches = [];
  let shown = 0;

  const haystacks = new Map();
  const haystack = (ep) => {
    let text = haystacks.get(ep);
    if (text === undefined) {
      const parts = [ep.id, data.runs[ep.r].label, ep.pat || '', ep.reg || ''];
      for (const task of ep.k) parts.push(task[0], task[1], task[3]);
      for (const call of ep.c) parts.push(call[C_TOOL]);
      for (const msg of ep.m) if (msg[0] === 'A' && msg[3]) parts.push(msg[3]);
      text = parts.join('\n').toLowerCase();
      haystacks.set(ep, text);
    }
    return text;
  };

  const apply = () => {
    const q = search.value.trim().toLowerCase();
    const o = outcome.value;
    const r = run.value;
    matches = data.episodes.filter((ep) => {
      if (r !== 'all' && String(ep.r) !== r) return false;
      if (o === 'solved' && !ep.ok) return false;
      if (o === 'failed' && ep.ok) return false;
      if (o.startsWith('fm') && !ep.fm.includes(Number(o.slice(2)))) return false;
      return q === '' || haystack(ep).includes(q);
    });
    list.replaceChildren();
    rows.length = 0;
    shown = 0;
    showMore();
  };
  const rows = [];
  const showMore = () => {
    const next = matches.slice(shown, shown + PAGE);
    for (const ep of next) {
      const row = episodeRow(ep, data);
      rows.push([row, ep]);
      list.appendChild(row);
    }
    shown += next.length;
    count.textContent = matches.length + ' of ' + data.episodes.length + ' episodes' + (shown < matches.length ? ' (showing ' + shown + ')' : '');
    more.hidden = shown >= matches.length;
  };
  search.addEventListener('input', apply);
  outcome.addEventListener('change', apply);
  run.addEventListener('change', apply);
  more.addEventListener('click', showMore);
  apply();
  // A link to report.html#sample=<id>[&run=<index>] opens that sample's first episode (of that run).
  // With trials, &trial=<t> picks that trial's episode.
  const wanted = new URLSearchParams(location.hash.slice(1));
  if (wanted.has('sample')) {
    search.value = wanted.get('sample');
    if (wanted.has('run')) run.value = wanted.get('run');
    apply();
    const trial = Number(wanted.get('trial') || 0);
    const hit = rows.find(([, ep]) => !trial || ep.tr === trial);
    if (hit) {
      renderDetail(hit[0], hit[1], data);
      hit[0].open = true;
    }
  }
  return section('episodes', 'Episodes', h('div', { class: 'filters' }, search, outcome, run, count), list, more);
}

function episodeRow(ep, data) {
  const details = h('details', { class: 'episode' + (ep.ok ? ' solved' : ' failed'), 'data-sample': ep.id, 'data-trial': String(ep.tr) });
  const modes = ep.fm.map((i) => data.failures.modes[i]);
  details.appendChild(h('summary', null,
    h('span', { class: 'badge ' + (ep.ok ? 'ok' : 'ko') }, ep.ok ? 'solved' : 'failed'),
    h('span', { class: 'run-dot', style: 'background:' + runColor(ep.r), title: data.runs[ep.r].label }),
    h('b', null, ep.id),
    // A multi-trial run shows every trial of a sample; the trial says which latency draw this is.
    data.runs[ep.r].trials > 1 ? h('span', { class: 'trial' }, ' trial ' + ep.tr + '/' + data.runs[ep.r].trials) : null,
    h('span', { class: 'muted' }, ' · ' + ep.k.length + ' tasks · ' + (ep.pat || '?') + ' · ' + (ep.reg || '?') + ' · sub-task ' + fmt(ep.sub, 'pct') + ' · makespan ' + fmt(ep.T, 'sec') + ' · efficiency ' + fmt(ep.eff, 'ratio') + ' · idle ' + fmt(ep.idle, 'pct') + ' · ' + ep.turns + ' turns · ' + ep.endReason),
    modes.length ? h('span', { class: 'modes' }, modes.map((m) => h('span', { class: 'mode' }, m))) : null));
  details.addEventListener('toggle', () => {
    if (details.open) renderDetail(details, ep, data);
  });
  return details;
}

function renderDetail(details, ep, data) {
  if (details.dataset.rendered) return;
  details.dataset.rendered = '1';
  details.appendChild(episodeDetail(ep, data));
}

function episodeDetail(ep, data) {
  const conv = conversation(ep);
  const pick = (callId) => {
    for (const el of conv.querySelectorAll('.picked')) el.classList.remove('picked');
    let first = null;
    for (const el of conv.querySelectorAll('[data-call]')) {
      if (el.getAttribute('data-call') !== callId) continue;
      el.classList.add('picked');
      first = first || el;
    }
    if (first) first.scrollIntoView({ block: 'nearest' });
  };
  const key = h('div', { class: 'timeline-key muted' },
    h('span', { class: 'key key-run' }), 'running ', h('span', { class: 'key key-ready' }), 'done, not yet delivered ',
    h('span', { class: 'key key-idle' }), 'idle with a ready call ', h('span', { class: 'key key-violation' }), 'dependency violation ',
    h('span', { class: 'key key-turn' }), 'agent turn ', '◆ answer · ✕ rejected call · click a bar to find it in the conversation');
  return h('div', { class: 'episode-detail' },
    h('div', { class: 'timeline-box' }, timeline(ep, pick), key),
    conv);
}
