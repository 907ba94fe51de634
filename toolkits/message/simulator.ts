import { defineSimulator, PythonRandom, type SimContext } from '../../pipeline/toolkit-api.ts';
import type { Args } from './args.ts';

/**
 * An inbox entry as BFCL's initial_config writes it: `{receiverId: text | texts}` for a message the
 * current user sent, or `{senderId: {receiverId: texts}}` when the sender is named explicitly.
 */
type InboxEntry = Record<string, string | string[] | Record<string, string | string[]>>;

interface MessageState {
  user_count: number;
  user_map: Record<string, string>;
  inbox: InboxEntry[];
  message_count: number;
  current_user: string | null;
  /** Message ids handed out so far (BFCL's `generated_ids`, a set kept as a list). */
  generated_ids?: number[];
  random_seed?: number;
  random_draws?: number;
  /**
   * Ours: entries `{senderId: {receiverId: texts}}` name their sender (our own default inbox). Off for
   * BFCL states, where every entry is `{receiverId: content}` sent by whoever is logged in, content kept as given.
   */
  inbox_senders?: boolean;
}

/** BFCL's MessageAPI seed. */
const BFCL_SEED = 200191;

/** BFCL's message id: a 5-digit draw from its seeded generator, redrawn while already used. */
function newMessageId(state: MessageState): number {
  const used = new Set(state.generated_ids ?? []);
  const rng = new PythonRandom(state.random_seed ?? BFCL_SEED, state.random_draws ?? 0);
  let id = rng.randint(10000, 99999);
  while (used.has(id)) id = rng.randint(10000, 99999);
  state.random_draws = rng.used;
  state.generated_ids = [...(state.generated_ids ?? []), id];
  return id;
}

/** An entry's receiver and content as BFCL reads them: its first key and that key's value, as given. */
function firstItem(entry: InboxEntry): [string, unknown] | undefined {
  return Object.entries(entry)[0];
}

interface Message {
  sender: string;
  receiver: string;
  text: string;
}

const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : typeof v === 'string' ? [v] : []);

const isBox = (v: unknown): v is Record<string, string | string[]> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Removes the last text stored under `receiver`, dropping the key when none is left. */
function popLatest(box: Record<string, unknown>, receiver: string): boolean {
  if (!Object.hasOwn(box, receiver)) return false;
  const sent = texts(box[receiver]);
  if (sent.length === 0) return false;
  sent.pop();
  if (sent.length > 0) box[receiver] = sent;
  else delete box[receiver];
  return true;
}

/** Every message of the log, with flat entries attributed to the current user. */
function messagesOf(state: MessageState, me: string): Message[] {
  if (!state.inbox_senders) {
    // BFCL: each entry is one message from the current user to its first key.
    return (state.inbox ?? []).flatMap((entry) => {
      const item = firstItem(entry);
      return item ? texts(item[1]).map((text) => ({ sender: me, receiver: item[0], text })) : [];
    });
  }
  return (state.inbox ?? []).flatMap((entry) =>
    Object.entries(entry).flatMap(([key, value]) => {
      if (isBox(value)) {
        return Object.entries(value).flatMap(([receiver, v]) => texts(v).map((text) => ({ sender: key, receiver, text })));
      }
      return texts(value).map((text) => ({ sender: me, receiver: key, text }));
    }),
  );
}

function loggedIn(state: MessageState, ctx: SimContext): string {
  if (!state.current_user) return ctx.fail('No user is logged in; call message_login with your user id first.');
  return state.current_user;
}

function knownId(state: MessageState, id: string, ctx: SimContext): void {
  if (!Object.values(state.user_map ?? {}).includes(id)) {
    ctx.fail(`No user with id "${id}" in the workspace; look the id up with get_user_id, or add the person with add_contact.`);
  }
}

export const simulator = defineSimulator<Args>('message', {
  list_users(state: MessageState) {
    return { user_list: Object.keys(state.user_map ?? {}) };
  },

  get_user_id(state: MessageState, args, ctx) {
    if (!Object.hasOwn(state.user_map ?? {}, args.user)) {
      ctx.fail(`No user named "${args.user}" in the workspace; list_users shows every user name.`);
    }
    return { user_id: state.user_map[args.user]! };
  },

  message_login(state: MessageState, args) {
    // BFCL answers an unknown id with a failed status rather than an error.
    if (!Object.values(state.user_map ?? {}).includes(args.user_id)) {
      return { login_status: false, message: `User id ${args.user_id} not found; look the id up with get_user_id.` };
    }
    state.current_user = args.user_id;
    return { login_status: true, message: `User ${args.user_id} logged in successfully.` };
  },

  message_get_login_status(state: MessageState) {
    return { login_status: Boolean(state.current_user) };
  },

  add_contact(state: MessageState, args, ctx) {
    // BFCL adds contacts without a login.
    state.user_map ??= {};
    if (Object.hasOwn(state.user_map, args.user_name)) {
      ctx.fail(`"${args.user_name}" is already a contact, with user id ${state.user_map[args.user_name]}.`);
    }
    // BFCL's ground truth expects the next sequential id (USR005 after four users), so new ids stay predictable.
    state.user_count = (state.user_count ?? Object.keys(state.user_map).length) + 1;
    const user_id = `USR${String(state.user_count).padStart(3, '0')}`;
    if (Object.values(state.user_map).includes(user_id)) ctx.fail(`The next user id ${user_id} is already taken.`);
    state.user_map[args.user_name] = user_id;
    return { added_status: true, user_id, message: `Contact ${args.user_name} added with user id ${user_id}.` };
  },

  send_message(state: MessageState, args, ctx) {
    loggedIn(state, ctx);
    knownId(state, args.receiver_id, ctx);
    const new_id = newMessageId(state);
    state.inbox ??= [];
    // BFCL stores the text as given; our sender-tagged inbox keeps texts in lists.
    state.inbox.push({ [args.receiver_id]: state.inbox_senders ? [args.message] : args.message });
    state.message_count = (state.message_count ?? 0) + 1;
    return { sent_status: true, message_id: { new_id }, message: `Message sent to ${args.receiver_id} successfully.` };
  },

  delete_message(state: MessageState, args, ctx) {
    const me = loggedIn(state, ctx);
    const inbox = state.inbox ?? [];
    const done = { deleted_status: true, receiver_id: args.receiver_id, message: `Receiver ${args.receiver_id}: latest message deleted successfully.` };
    if (!state.inbox_senders) {
      // BFCL removes the latest whole entry whose receiver (first key) matches.
      for (let i = inbox.length - 1; i >= 0; i--) {
        if (firstItem(inbox[i]!)?.[0] === args.receiver_id) {
          inbox.splice(i, 1);
          return done;
        }
      }
      return ctx.fail(`Receiver id ${args.receiver_id} not found among the messages sent, so there is nothing to delete.`);
    }
    for (let i = inbox.length - 1; i >= 0; i--) {
      const entry = inbox[i]!;
      const nested = Object.hasOwn(entry, me) ? entry[me] : undefined;
      const box = texts(entry[args.receiver_id]).length > 0 ? entry : isBox(nested) ? nested : undefined;
      if (!box || !popLatest(box, args.receiver_id)) continue;
      if (box !== entry && Object.keys(box).length === 0) delete entry[me];
      if (Object.keys(entry).length === 0) inbox.splice(i, 1);
      return done;
    }
    return ctx.fail(`You have sent no message to ${args.receiver_id}, so there is nothing to delete.`);
  },

  view_messages_sent(state: MessageState, _args, ctx) {
    const me = loggedIn(state, ctx);
    if (!state.inbox_senders) {
      // BFCL groups every entry under its receiver, content as stored (a list stays a list).
      const grouped: Record<string, unknown[]> = {};
      for (const entry of state.inbox ?? []) {
        const item = firstItem(entry);
        if (item) (grouped[item[0]] ??= []).push(item[1]);
      }
      return { messages: grouped };
    }
    const messages: Record<string, string[]> = {};
    for (const m of messagesOf(state, me)) {
      if (m.sender !== me) continue;
      (messages[m.receiver] ??= []).push(m.text);
    }
    return { messages };
  },

  search_messages(state: MessageState, args, ctx) {
    const me = loggedIn(state, ctx);
    const needle = args.keyword.toLowerCase();
    const results = messagesOf(state, me)
      .filter((m) => (m.sender === me || m.receiver === me) && m.text.toLowerCase().includes(needle))
      .map((m) => ({ receiver_id: m.receiver, message: m.text }));
    return { results };
  },

  get_message_stats(state: MessageState, _args, ctx) {
    const me = loggedIn(state, ctx);
    if (!state.inbox_senders) {
      // BFCL counts every entry as received and every distinct receiver as a contact.
      const receivers = new Set((state.inbox ?? []).map((e) => firstItem(e)?.[0]).filter((r) => r !== undefined));
      return { stats: { received_count: (state.inbox ?? []).length, total_contacts: receivers.size } };
    }
    const mine = messagesOf(state, me).filter((m) => m.sender === me || m.receiver === me);
    const contacts = new Set(mine.flatMap((m) => [m.sender, m.receiver]).filter((id) => id !== me));
    return { stats: { received_count: mine.filter((m) => m.receiver === me).length, total_contacts: contacts.size } };
  },
});
