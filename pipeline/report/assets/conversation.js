// The conversation of one episode beside its timeline (packed message rows, see pipeline/report/pack.ts).
const C_PAYLOAD = 10;

function conversation(ep) {
  const byHandle = new Map();
  for (const call of ep.c) if (call[C_HANDLE]) byHandle.set(call[C_HANDLE], call);
  const box = h('div', { class: 'conversation' });
  for (const msg of ep.m) box.appendChild(message(msg, ep, byHandle));
  return box;
}

function message(msg, ep, byHandle) {
  switch (msg[0]) {
    case 'T':
      return h('div', { class: 'msg msg-tasks' }, h('div', { class: 'msg-head' }, 'tasks · t=' + fmt(msg[1], 'num')),
        ep.k.map((task) => h('div', { class: 'task-query' }, h('b', null, task[0] + ' '), h('span', { class: 'muted' }, '(' + task[1] + ') '), task[3])));
    case 'A':
      return h('div', { class: 'msg msg-assistant' }, h('div', { class: 'msg-head' }, 'assistant · turn ' + msg[1] + ' · t=' + fmt(msg[2], 'num')),
        msg[3] ? h('div', { class: 'content' }, json(msg[3])) : null,
        msg[4].map((tc) => h('div', { class: 'tool-call', 'data-call': tc[0] }, h('code', null, tc[1]), h('code', { class: 'args' }, json(tc[2])))));
    case 'R':
      return h('div', { class: 'msg msg-tool status-' + msg[5].status, 'data-call': msg[3] }, h('div', { class: 'msg-head' }, 'tool · ' + msg[4] + ' · ' + msg[5].status),
        h('code', { class: 'args' }, json(outcomeBody(msg[5]))));
    case 'E':
      return h('div', { class: 'msg msg-env' }, h('div', { class: 'msg-head' }, 'environment · before turn ' + msg[2] + ' · t=' + fmt(msg[1], 'num')),
        msg[3].map((handle) => delivery(byHandle.get(handle), handle)),
        msg[4] ? h('div', { class: 'status-note' }, msg[4].note, msg[4].pending.length ? ' · pending ' + msg[4].pending.join(', ') : '', msg[4].unanswered.length ? ' · unanswered ' + msg[4].unanswered.join(', ') : '') : null);
    default:
      return h('div', { class: 'msg' }, json(msg));
  }
}

function outcomeBody(outcome) {
  const rest = Object.assign({}, outcome);
  delete rest.status;
  return rest;
}

function delivery(call, handle) {
  if (!call) return h('div', { class: 'delivery' }, handle);
  return h('div', { class: 'delivery status-' + call[C_STATUS], 'data-call': call[C_ID] }, h('b', null, handle + ' '), h('code', null, call[C_TOOL]), ' → ',
    h('code', { class: 'args' }, json(call[C_PAYLOAD])));
}
