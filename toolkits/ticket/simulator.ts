import { defineSimulator, type SimContext } from '../../pipeline/world/simulator.ts';

/** BFCL configs hold loosely shaped tickets (some lack a title, some rate priority as text). */
interface Ticket {
  id: number;
  title?: string;
  description?: string;
  status?: string;
  priority?: number | string;
  created_by?: string;
  resolution?: string;
  [extra: string]: unknown;
}

interface TicketState {
  ticket_queue: Ticket[];
  ticket_counter: number;
  current_user: string | null;
}

interface Updates {
  title?: string;
  description?: string;
  status?: string;
  priority?: number;
}

function user(state: TicketState, ctx: SimContext): string {
  if (!state.current_user) return ctx.fail('No user is logged in to the ticket system; call ticket_login with your username and password first.');
  return state.current_user;
}

function ticketOf(state: TicketState, id: number, ctx: SimContext): Ticket {
  const ticket = (state.ticket_queue ?? []).find((t) => t !== null && typeof t === 'object' && t.id === id);
  if (!ticket) return ctx.fail(`No ticket with id ${id}; get_user_tickets lists your tickets and their ids.`);
  return ticket;
}

function checkPriority(priority: number, ctx: SimContext): void {
  if (priority < 1 || priority > 5) ctx.fail(`Priority ${priority} is out of range: use 1 (lowest) to 5 (highest).`);
}

const isClosed = (t: Ticket): boolean => String(t.status ?? '').toLowerCase() === 'closed';

export const simulator = defineSimulator('ticket', {
  ticket_login(state: TicketState, args: { username: string; password: string }, ctx) {
    // The ticket system keeps no account list (BFCL logs in any named user), so only empty credentials fail.
    if (args.username.trim() === '' || args.password === '') ctx.fail('Both a username and a password are needed to log in.');
    state.current_user = args.username;
    return { success: true };
  },

  ticket_get_login_status(state: TicketState) {
    return { login_status: Boolean(state.current_user) };
  },

  logout(state: TicketState, _args, ctx) {
    user(state, ctx);
    state.current_user = null;
    return { success: true };
  },

  create_ticket(state: TicketState, args: { title: string; description?: string; priority?: number }, ctx) {
    const created_by = user(state, ctx);
    if (args.title.trim() === '') ctx.fail('A ticket needs a title.');
    const priority = args.priority ?? 1;
    checkPriority(priority, ctx);
    // Ids are sequential because BFCL ground truth reads a new ticket back by the counter value.
    const id = state.ticket_counter ?? 0;
    const ticket: Ticket = { id, title: args.title, description: args.description ?? '', status: 'Open', priority, created_by };
    state.ticket_queue ??= [];
    state.ticket_queue.push(ticket);
    state.ticket_counter = id + 1;
    return { id, title: ticket.title, description: ticket.description, status: ticket.status, priority, created_by };
  },

  get_ticket(state: TicketState, args: { ticket_id: number }, ctx) {
    return { ...ticketOf(state, args.ticket_id, ctx) };
  },

  get_user_tickets(state: TicketState, args: { status?: string }, ctx) {
    const me = user(state, ctx);
    const wanted = args.status?.toLowerCase();
    return (state.ticket_queue ?? [])
      .filter((t) => t !== null && typeof t === 'object' && t.created_by === me)
      .filter((t) => wanted === undefined || String(t.status ?? '').toLowerCase() === wanted)
      .map((t) => ({ ...t }));
  },

  edit_ticket(state: TicketState, args: { ticket_id: number; updates: Updates }, ctx) {
    const ticket = ticketOf(state, args.ticket_id, ctx);
    if (Object.keys(args.updates).length === 0) ctx.fail('No updates given; set at least one of title, description, status or priority.');
    if (args.updates.priority !== undefined) checkPriority(args.updates.priority, ctx);
    if (args.updates.title !== undefined && args.updates.title.trim() === '') ctx.fail('The title cannot be empty.');
    Object.assign(ticket, args.updates);
    return { status: `Ticket ${args.ticket_id} updated: ${Object.keys(args.updates).join(', ')}.` };
  },

  resolve_ticket(state: TicketState, args: { ticket_id: number; resolution: string }, ctx) {
    const ticket = ticketOf(state, args.ticket_id, ctx);
    if (isClosed(ticket)) ctx.fail(`Ticket ${args.ticket_id} is closed; a closed ticket cannot be resolved.`);
    ticket.status = 'Resolved';
    ticket.resolution = args.resolution;
    return { status: `Ticket ${args.ticket_id} resolved.` };
  },

  close_ticket(state: TicketState, args: { ticket_id: number }, ctx) {
    const ticket = ticketOf(state, args.ticket_id, ctx);
    if (isClosed(ticket)) ctx.fail(`Ticket ${args.ticket_id} is already closed.`);
    ticket.status = 'Closed';
    return { status: `Ticket ${args.ticket_id} closed.` };
  },
});
