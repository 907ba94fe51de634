import { rngFor, type Rng } from '../core/rng.ts';

/**
 * BFCL's long-context entries load each class with `long_context=True`: files get a long text and
 * innermost folders many extra files, wallets extra cards and bookings. We extend the state the same
 * way with content of our own, generated from a seed per entry and class (never copied from BFCL),
 * so the same entry always gets the same bytes. The simulators read `long_context` for the results
 * that change with it (booking history, car metadata, cities on the way).
 */

/** Entries of BFCL's long-context category, by BFCL's id naming (e.g. `multi_turn_long_context_12`). */
export function isLongContextEntry(entryId: string): boolean {
  return /(^|_)long_context(_|$)/.test(entryId);
}

const WORDS = [
  'quarterly',
  'review',
  'archive',
  'backup',
  'draft',
  'summary',
  'schedule',
  'meeting',
  'budget',
  'invoice',
  'project',
  'timeline',
  'vendor',
  'report',
  'estimate',
  'contract',
  'update',
  'status',
  'pending',
  'approved',
  'storage',
  'network',
  'release',
  'feedback',
  'milestone',
  'forecast',
  'inventory',
  'shipment',
  'audit',
  'policy',
];

/** Lines of filler text; long enough to dwarf the entry's own content, as BFCL's extension does. */
function fillerLines(rng: Rng, count: number): string[] {
  return Array.from({ length: count }, () => {
    const n = rng.int(6, 12);
    const words = Array.from({ length: n }, () => rng.pick(WORDS));
    return `${words[0]!.charAt(0).toUpperCase()}${words.join(' ').slice(1)}.`;
  });
}

interface Node {
  type: string;
  content?: string;
  contents?: Record<string, Node>;
}

/**
 * Files keep their own text at the end, after the generated lines (BFCL appends, except for files its
 * ground truth reads with tail; putting ours first keeps every file's last lines as the entry wrote
 * them). Each innermost folder gets generated empty files, as BFCL populates it.
 */
function extendTree(dir: Record<string, Node>, rng: Rng): { bottom: boolean } {
  let bottom = true;
  for (const node of Object.values(dir)) {
    if (node.type === 'directory') {
      bottom = false;
      node.contents ??= {};
      if (extendTree(node.contents, rng).bottom) {
        for (let i = 0; i < 12; i++) {
          const name = `${rng.pick(WORDS)}_${String(rng.int(1000, 9999))}.log`;
          if (!Object.hasOwn(node.contents, name)) node.contents[name] = { type: 'file', content: '' };
        }
      }
    } else if (node.type === 'file') {
      const own = node.content ?? '';
      node.content = [...fillerLines(rng, 40), ...(own === '' ? [] : [own])].join('\n');
    }
  }
  return { bottom };
}

const EXTENDERS: Readonly<Record<string, (state: Record<string, unknown>, rng: Rng) => void>> = {
  GorillaFileSystem(state, rng) {
    const root = state.root as Record<string, Node> | undefined;
    if (root) extendTree(root, rng);
  },
  TravelAPI(state, rng) {
    const cards = { ...((state.credit_card_list as Record<string, unknown>) ?? {}) };
    const bookings = { ...((state.booking_record as Record<string, unknown>) ?? {}) };
    const holder = `${String(state.user_first_name ?? 'Account')} ${String(state.user_last_name ?? 'Holder')}`;
    for (let i = 0; i < 8; i++) {
      const id = `card_lc_${String(rng.int(100000, 999999))}`;
      if (Object.hasOwn(cards, id)) continue;
      cards[id] = {
        card_number: Array.from({ length: 4 }, () => String(rng.int(1000, 9999))).join(' '),
        expiration_date: `${String(rng.int(1, 12)).padStart(2, '0')}/${rng.int(2027, 2031)}`,
        cardholder_name: holder,
        card_verification_number: rng.int(100, 999),
        balance: rng.int(500, 20000),
      };
    }
    const airports = ['SFO', 'LAX', 'JFK', 'ORD', 'BOS', 'RMS', 'SBK', 'CRH'];
    const cardIds = Object.keys(cards);
    for (let i = 0; i < 8; i++) {
      const id = `bk_lc_${String(rng.int(1000000, 9999999))}`;
      if (Object.hasOwn(bookings, id)) continue;
      const [from, to] = rng.shuffle(airports);
      bookings[id] = {
        card_id: rng.pick(cardIds),
        travel_date: `2026-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
        travel_from: from,
        travel_to: to,
        travel_class: rng.pick(['economy', 'business', 'first']),
        travel_cost: rng.int(150, 2500),
        transaction_id: `tx_lc_${String(rng.int(10000000, 99999999))}`,
      };
    }
    state.credit_card_list = cards;
    state.booking_record = bookings;
  },
};

/** The class state of a long-context entry: `long_context` set and the content generated for it. */
export function extendForLongContext(className: string, entryId: string, state: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(state);
  out.long_context = true;
  const extend = Object.hasOwn(EXTENDERS, className) ? EXTENDERS[className] : undefined;
  extend?.(out, rngFor('bfcl-long-context', entryId, className));
  return out;
}
