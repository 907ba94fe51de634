import { defineSimulator, type SimContext } from '../../pipeline/toolkit-api.ts';
import type { Args } from './args.ts';

/** BFCL configs hold loosely shaped tickets (some lack a title, some rate priority as text). */
interface Ticket {
  id: number | string;
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

function user(state: TicketState, ctx: SimContext): string {
  if (!state.current_user) return ctx.fail('No user is logged in to the ticket system; call ticket_login with your username and password first.');
  return state.current_user;
}

// BFCL entry 173 keeps the string id "ticket_001", so an id is a number or a string (toolkit.yaml).
function ticketOf(state: TicketState, id: number | string, ctx: SimContext): Ticket {
  const ticket = (state.ticket_queue ?? []).find((t) => t !== null && typeof t === 'object' && t.id === id);
  if (!ticket) return ctx.fail(`No ticket with id ${id}; get_user_tickets lists your tickets and their ids.`);
  return ticket;
}

function checkPriority(priority: number, ctx: SimContext): void {
  if (priority < 1 || priority > 5) ctx.fail(`Priority ${priority} is out of range: use 1 (lowest) to 5 (highest).`);
}

const isClosed = (t: Ticket): boolean => String(t.status ?? '').toLowerCase() === 'closed';

export const simulator = defineSimulator<Args>('ticket', {
  ticket_login(state: TicketState, args) {
    // The ticket system keeps no account list (BFCL logs in any named user); empty credentials get success false.
    if (args.username === '' || args.password === '') return { success: false };
    state.current_user = args.username;
    return { success: true };
  },

  ticket_get_login_status(state: TicketState) {
    return { login_status: Boolean(state.current_user) };
  },

  logout(state: TicketState) {
    // As BFCL: logging out while logged out answers success false, not an error.
    if (!state.current_user) return { success: false };
    state.current_user = null;
    return { success: true };
  },

  create_ticket(state: TicketState, args, ctx) {
    const created_by = user(state, ctx);
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

  get_ticket(state: TicketState, args, ctx) {
    return { ...ticketOf(state, args.ticket_id, ctx) };
  },

  get_user_tickets(state: TicketState, args, ctx) {
    const me = user(state, ctx);
    const wanted = args.status?.toLowerCase();
    return (state.ticket_queue ?? [])
      .filter((t) => t !== null && typeof t === 'object' && t.created_by === me)
      .filter((t) => wanted === undefined || String(t.status ?? '').toLowerCase() === wanted)
      .map((t) => ({ ...t }));
  },

  edit_ticket(state: TicketState, args, ctx) {
    const ticket = ticketOf(state, args.ticket_id, ctx);
    // As BFCL: only the four fields may change; a null value leaves its field as it is.
    const invalid = Object.keys(args.updates).filter((k) => !['title', 'description', 'status', 'priority'].includes(k));
    if (invalid.length > 0) ctx.fail(`Invalid fields for update: ${invalid.join(', ')}; use title, description, status or priority.`);
    for (const [key, value] of Object.entries(args.updates)) if (value !== null && value !== undefined) ticket[key] = value;
    return { status: `Ticket ${args.ticket_id} has been updated successfully.` };
  },

  resolve_ticket(state: TicketState, args, ctx) {
    const ticket = ticketOf(state, args.ticket_id, ctx);
    // As BFCL: only an already resolved ticket is refused (a closed one can still be resolved).
    if (String(ticket.status ?? '') === 'Resolved') ctx.fail(`Ticket ${args.ticket_id} is already resolved.`);
    ticket.status = 'Resolved';
    ticket.resolution = args.resolution;
    return { status: `Ticket ${args.ticket_id} has been resolved successfully.` };
  },

  close_ticket(state: TicketState, args, ctx) {
    const ticket = ticketOf(state, args.ticket_id, ctx);
    if (isClosed(ticket)) ctx.fail(`Ticket ${args.ticket_id} is already closed.`);
    ticket.status = 'Closed';
    return { status: `Ticket ${args.ticket_id} has been closed successfully.` };
  },
});
