// Generated from toolkits/ticket/toolkit.yaml by `npm run toolkit-args`; do not edit (a test compares it with the YAML).
// The arguments of each function as its `parameters` schema declares them; the environment checks every call
// against that schema before the simulator sees it.
export type Args = {
  ticket_login: { username: string; password: string };
  ticket_get_login_status: Record<string, never>;
  logout: Record<string, never>;
  create_ticket: { title: string; description?: string; priority?: number };
  get_ticket: { ticket_id: number | string };
  get_user_tickets: { status?: string };
  edit_ticket: { ticket_id: number | string; updates: { title?: string; description?: string; status?: string; priority?: number } };
  resolve_ticket: { ticket_id: number | string; resolution: string };
  close_ticket: { ticket_id: number | string };
};
