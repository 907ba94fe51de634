import { describe, expect, it } from 'vitest';
import { loadToolkitHarness } from '../support/toolkit-harness.ts';

const { initial, ok, fails, expectPure, bfclState } = await loadToolkitHarness('message');

const asAlice = ok('message_login', { user_id: 'USR001' }).state;

describe('message toolkit', () => {
  it('lists users and looks up ids by name without a login', () => {
    expect(ok('list_users', {}).result.user_list).toEqual(['Alice', 'Bob', 'Catherine', 'Daniel']);
    expect(ok('get_user_id', { user: 'Catherine' }).result).toEqual({ user_id: 'USR003' });
    expect(fails('get_user_id', { user: 'Zed' })).toMatch(/No user named "Zed"/);
    expect(fails('get_user_id', { user: 'constructor' })).toMatch(/No user named/);
  });

  it('logs in known user ids only and reports the login status', () => {
    expect(ok('message_get_login_status', {}).result).toEqual({ login_status: false });
    expect(ok('message_get_login_status', {}, asAlice).result).toEqual({ login_status: true });
    expect(ok('message_login', { user_id: 'USR002' }).result.login_status).toBe(true);
    // As BFCL: an unknown id is a failed login status, not an error.
    expect(ok('message_login', { user_id: 'USR999' }).result).toMatchObject({ login_status: false });
  });

  it('needs a login before acting for a user', () => {
    for (const [fn, args] of [
      ['send_message', { receiver_id: 'USR002', message: 'hi' }],
      ['delete_message', { receiver_id: 'USR002' }],
      ['view_messages_sent', {}],
      ['search_messages', { keyword: 'demo' }],
      ['get_message_stats', {}],
    ] as const) {
      expect(fails(fn, args)).toMatch(/No user is logged in/);
    }
  });

  it('sends messages to known ids and shows them among the sent ones', () => {
    const sent = ok('send_message', { receiver_id: 'USR003', message: 'Deck is ready.' }, asAlice);
    expect(sent.result).toMatchObject({ sent_status: true });
    // BFCL's first message id on its seed.
    expect(sent.result.message_id).toEqual({ new_id: 67410 });
    expect(ok('view_messages_sent', {}, sent.state).result.messages).toEqual({
      USR002: ['Can you send me the Q3 budget spreadsheet before Friday?'],
      USR004: ['Welcome aboard! Your laptop is waiting at the front desk.'],
      USR003: ['Deck is ready.'],
    });
    expect(fails('send_message', { receiver_id: 'USR042', message: 'hi' }, asAlice)).toMatch(/No user with id "USR042"/);
    // BFCL sends empty texts too.
    expect(ok('send_message', { receiver_id: 'USR002', message: '  ' }, asAlice).result.sent_status).toBe(true);
  });

  it('draws message ids as BFCL does: its seeded generator, never repeating an id of generated_ids', () => {
    const first = ok('send_message', { receiver_id: 'USR002', message: 'first draft' }, asAlice);
    const second = ok('send_message', { receiver_id: 'USR002', message: 'second draft' }, first.state);
    expect([first.result.message_id.new_id, second.result.message_id.new_id]).toEqual([67410, 41772]);
    expect(second.state.generated_ids).toEqual([67410, 41772]);
    // The same call on the same state gives the same id.
    expect(ok('send_message', { receiver_id: 'USR002', message: 'other' }, asAlice).result.message_id.new_id).toBe(67410);
    const taken = ok('send_message', { receiver_id: 'USR002', message: 'x' }, { ...asAlice, generated_ids: [67410] });
    expect(taken.result.message_id.new_id).toBe(41772);
  });

  it("reads a BFCL inbox as BFCL does: each entry's first key is the receiver, its content kept as given", () => {
    const state = { ...initial, inbox_senders: false, current_user: 'USR001', inbox: [{ USR003: ['Thanks for the update!'] }, { USR002: { USR001: ['nested'] } }] };
    const sent = ok('send_message', { receiver_id: 'USR003', message: 'update the system' }, state);
    expect(sent.state.inbox).toEqual([...state.inbox, { USR003: 'update the system' }]);
    expect(ok('view_messages_sent', {}, sent.state).result.messages).toEqual({ USR003: [['Thanks for the update!'], 'update the system'], USR002: [{ USR001: ['nested'] }] });
    const deleted = ok('delete_message', { receiver_id: 'USR003' }, sent.state);
    expect(deleted.state.inbox).toEqual(state.inbox);
    expect(ok('add_contact', { user_name: 'Zoe' }, { ...state, current_user: null }).result.user_id).toBe('USR005');
  });

  it('adds contacts with the next sequential user id, as BFCL expects', () => {
    const added = ok('add_contact', { user_name: 'Priya Natarajan' }, asAlice);
    expect(added.result).toMatchObject({ added_status: true, user_id: 'USR005' });
    expect(ok('get_user_id', { user: 'Priya Natarajan' }, added.state).result.user_id).toBe('USR005');
    expect(ok('send_message', { receiver_id: 'USR005', message: 'Welcome!' }, added.state).result.sent_status).toBe(true);
    expect(fails('add_contact', { user_name: 'Bob' }, asAlice)).toMatch(/already a contact/);
  });

  it('deletes the latest message sent to a receiver, in flat and nested inbox entries', () => {
    const twice = ok('send_message', { receiver_id: 'USR002', message: 'second' }, ok('send_message', { receiver_id: 'USR002', message: 'first' }, asAlice).state).state;
    const deleted = ok('delete_message', { receiver_id: 'USR002' }, twice);
    expect(deleted.result).toMatchObject({ deleted_status: true, receiver_id: 'USR002' });
    expect(ok('view_messages_sent', {}, deleted.state).result.messages.USR002).toEqual(['Can you send me the Q3 budget spreadsheet before Friday?', 'first']);
    const nested = ok('delete_message', { receiver_id: 'USR004' }, asAlice).state;
    expect(ok('view_messages_sent', {}, nested).result.messages.USR004).toBeUndefined();
    expect(fails('delete_message', { receiver_id: 'USR003' }, asAlice)).toMatch(/sent no message to USR003/);
  });

  it('searches sent and received messages and counts statistics for the current user', () => {
    expect(ok('search_messages', { keyword: 'DEMO' }, asAlice).result.results).toEqual([{ receiver_id: 'USR001', message: 'The client demo moved to Tuesday at 14:00.' }]);
    expect(ok('search_messages', { keyword: 'Thai' }, asAlice).result.results).toEqual([]);
    expect(ok('get_message_stats', {}, asAlice).result).toEqual({ stats: { received_count: 2, total_contacts: 3 } });
  });

  it('never changes the input state', () => {
    expectPure(asAlice, ['send_message', { receiver_id: 'USR002', message: 'x' }], ['delete_message', { receiver_id: 'USR002' }]);
  });

  it('replays a BFCL ground-truth path on its initial_config', () => {
    let state = bfclState('multi_turn_base_131', 'MessageAPI');
    state = ok('send_message', { receiver_id: 'USR003', message: 'I just executed another order. What do you think of it?' }, state).state;
    const deleted = ok('delete_message', { receiver_id: 'USR003' }, state);
    expect(ok('view_messages_sent', {}, deleted.state).result.messages.USR003).toEqual(['I am busy']);
  });
});
