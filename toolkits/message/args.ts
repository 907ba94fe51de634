// Generated from toolkits/message/toolkit.yaml by `npm run toolkit-args`; do not edit (a test compares it with the YAML).
// The arguments of each function as its `parameters` schema declares them; the environment checks every call
// against that schema before the simulator sees it.
export type Args = {
  list_users: Record<string, never>;
  get_user_id: { user: string };
  message_login: { user_id: string };
  message_get_login_status: Record<string, never>;
  add_contact: { user_name: string };
  send_message: { receiver_id: string; message: string };
  delete_message: { receiver_id: string };
  view_messages_sent: Record<string, never>;
  search_messages: { keyword: string };
  get_message_stats: Record<string, never>;
};
