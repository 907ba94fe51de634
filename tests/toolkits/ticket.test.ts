import { describe, expect, it } from 'vitest';
import { loadToolkitHarness } from '../support/toolkit-harness.ts';

const { initial, ok, fails, expectPure, bfclState } = await loadToolkitHarness('ticket');

const asJorge = ok('ticket_login', { username: 'jmorales', password: 'Harbor#2024' }).state;

describe('ticket toolkit', () => {
  it('logs in any named user, reports the status and logs out', () => {
    expect(ok('ticket_get_login_status', {}).result).toEqual({ login_status: false });
    expect(ok('ticket_get_login_status', {}, asJorge).result).toEqual({ login_status: true });
    const out = ok('logout', {}, asJorge);
    expect(out.result).toEqual({ success: true });
    expect(ok('ticket_get_login_status', {}, out.state).result).toEqual({ login_status: false });
    // As BFCL: these answer success false rather than failing.
    expect(ok('logout', {}).result).toEqual({ success: false });
    expect(ok('ticket_login', { username: '', password: 'x' }).result).toEqual({ success: false });
  });

  it('creates tickets for the logged-in user with the next counter id', () => {
    const created = ok('create_ticket', { title: 'Monitor flickers', description: 'After docking.', priority: 3 }, asJorge);
    expect(created.result).toEqual({ id: 4821, title: 'Monitor flickers', description: 'After docking.', status: 'Open', priority: 3, created_by: 'jmorales' });
    expect(ok('get_ticket', { ticket_id: 4821 }, created.state).result).toMatchObject({ created_by: 'jmorales', status: 'Open' });
    const second = ok('create_ticket', { title: 'Second' }, created.state).result;
    expect(second).toMatchObject({ id: 4822, description: '', priority: 1 });
    expect(fails('create_ticket', { title: 'x' })).toMatch(/No user is logged in/);
    expect(fails('create_ticket', { title: 'x', priority: 8 }, asJorge)).toMatch(/Priority 8 is out of range/);
    // BFCL takes any title, even an empty one.
    expect(ok('create_ticket', { title: '' }, asJorge).result.title).toBe('');
  });

  it("reads tickets by id and lists the current user's tickets by status", () => {
    expect(ok('get_ticket', { ticket_id: 4735 }).result).toMatchObject({ title: 'Printer on floor 3 jams', resolution: 'Replaced the feed roller.' });
    expect(fails('get_ticket', { ticket_id: 1 })).toMatch(/No ticket with id 1/);
    expect(ok('get_user_tickets', {}, asJorge).result.map((t: { id: number }) => t.id)).toEqual([4702, 4760, 4803]);
    expect(ok('get_user_tickets', { status: 'open' }, asJorge).result).toHaveLength(3);
    expect(ok('get_user_tickets', { status: 'Closed' }, asJorge).result).toEqual([]);
    expect(fails('get_user_tickets', {})).toMatch(/No user is logged in/);
  });

  it("edits BFCL's four fields, skipping null values", () => {
    const edited = ok('edit_ticket', { ticket_id: 4760, updates: { priority: 4, status: 'In Progress' } });
    expect(edited.result.status).toMatch(/4760/);
    expect(ok('get_ticket', { ticket_id: 4760 }, edited.state).result).toMatchObject({ priority: 4, status: 'In Progress', title: 'Access to the finance dashboard' });
    expect(ok('edit_ticket', { ticket_id: 4760, updates: {} }).state.ticket_queue).toEqual(initial.ticket_queue);
    expect(fails('edit_ticket', { ticket_id: 9, updates: { status: 'Open' } })).toMatch(/No ticket with id 9/);
  });

  it('resolves and closes tickets as BFCL does: refusing only a repeat', () => {
    const resolved = ok('resolve_ticket', { ticket_id: 4702, resolution: 'Reinstalled the VPN client.' });
    expect(ok('get_ticket', { ticket_id: 4702 }, resolved.state).result).toMatchObject({ status: 'Resolved', resolution: 'Reinstalled the VPN client.' });
    const closed = ok('close_ticket', { ticket_id: 4702 }, resolved.state);
    expect(ok('get_ticket', { ticket_id: 4702 }, closed.state).result.status).toBe('Closed');
    expect(fails('close_ticket', { ticket_id: 4816 })).toMatch(/already closed/);
    expect(ok('resolve_ticket', { ticket_id: 4816, resolution: 'x' }).result.status).toMatch(/4816/);
    expect(fails('resolve_ticket', { ticket_id: 4702, resolution: 'again' }, resolved.state)).toMatch(/already resolved/);
  });

  it('never changes the input state and repeats the same answer for the same call', () => {
    expectPure(asJorge, ['create_ticket', { title: 'Same' }]);
  });

  it('replays a BFCL ground-truth path on its initial_config', () => {
    let state = bfclState('multi_turn_base_55', 'TicketAPI');
    const created = ok('create_ticket', { title: 'Tire Pressure Issue', description: 'Urgent tire pressure issue.', priority: 5 }, state);
    expect(created.result.id).toBe(2);
    state = created.state;
    expect(ok('get_ticket', { ticket_id: 2 }, state).result.created_by).toBe('Michael Thompson');
    state = ok('resolve_ticket', { ticket_id: 2, resolution: 'Issue resolved!' }, state).state;
    expect(ok('get_ticket', { ticket_id: 2 }, state).result.status).toBe('Resolved');
  });
});
