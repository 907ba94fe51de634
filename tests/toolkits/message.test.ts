import { describe, expect, it } from 'vitest';
import { loadToolkitHarness } from '../support/toolkit-harness.ts';

const { ok, fails, expectPure, bfclState } = await loadToolkitHarness('message');

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
    expect(fails('message_login', { user_id: 'USR999' })).toMatch(/No user with id "USR999"/);
  });

  it('needs a login before acting for a user', () => {
    for (const [fn, args] of [
      ['send_message', { receiver_id: 'USR002', message: 'hi' }],
      ['add_contact', { user_name: 'Priya' }],
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
    expect(Number.isInteger(sent.result.message_id)).toBe(true);
    expect(ok('view_messages_sent', {}, sent.state).result.messages).toEqual({
      USR002: ['Can you send me the Q3 budget spreadsheet before Friday?'],
      USR004: ['Welcome aboard! Your laptop is waiting at the front desk.'],
      USR003: ['Deck is ready.'],
    });
    expect(fails('send_message', { receiver_id: 'USR042', message: 'hi' }, asAlice)).toMatch(/No user with id "USR042"/);
    expect(fails('send_message', { receiver_id: 'USR002', message: '  ' }, asAlice)).toMatch(/empty/);
  });

  it('gives message ids that are opaque and differ by content, and repeats them for the same call', () => {
    const id = (message: string) => ok('send_message', { receiver_id: 'USR002', message }, asAlice).result.message_id;
    expect(id('first draft')).not.toBe(id('second draft'));
    expect(id('first draft')).toBe(id('first draft'));
    expect(String(id('first draft'))).not.toContain('USR002');
    expect(id('first draft')).not.toBe(7);
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
