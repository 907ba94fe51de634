import { defineSimulator, PythonRandom, type SimContext } from '../../pipeline/toolkit-api.ts';
import type { Args } from './args.ts';
import { baseFare, CLASS_FACTOR, PER_USD } from './fares.ts';

/**
 * Behaves as BFCL's TravelAPI does on every call its ground truth makes (docs/bfcl-replay-notes.md):
 * the same fares, ids, fields and failures. Ids come from Python's generator on BFCL's seed, so a
 * fresh session books `3426812` exactly as BFCL does.
 */

/** Airports in BFCL's list_all_airports order (its answers pick "the first two"), with the city they serve. */
const AIRPORTS: readonly { code: string; city: string }[] = [
  { code: 'RMS', city: 'Rivermist' },
  { code: 'SBK', city: 'Stonebrook' },
  { code: 'MPC', city: 'Maplecrest' },
  { code: 'SVP', city: 'Silverpine' },
  { code: 'SHD', city: 'Shadowridge' },
  { code: 'CDG', city: 'Paris' },
  { code: 'LHR', city: 'London' },
  { code: 'SSV', city: 'Sunset Valley' },
  { code: 'OKD', city: 'Oakendale' },
  { code: 'WLB', city: 'Willowbend' },
  { code: 'PEK', city: 'Beijing' },
  { code: 'HND', city: 'Tokyo' },
  { code: 'HKG', city: 'Hong Kong' },
  { code: 'CIA', city: 'Rome' },
  { code: 'CRH', city: 'Crescent Hollow' },
  { code: 'ATV', city: 'Autumnville' },
  { code: 'PHV', city: 'Pinehaven' },
  { code: 'GFD', city: 'Greenfield' },
  { code: 'SFO', city: 'San Francisco' },
  { code: 'LAX', city: 'Los Angeles' },
  { code: 'JFK', city: 'New York' },
  { code: 'ORD', city: 'Chicago' },
  { code: 'BOS', city: 'Boston' },
];

/** BFCL's TravelAPI seed (its DEFAULT_STATE.random_seed). */
const BFCL_SEED = 141053;

interface Card {
  balance: number;
  [field: string]: unknown;
}

type Booking = Record<string, unknown>;

interface TravelState {
  /** Today, for the traveler's age (BFCL reads the machine's clock; we keep a fixed day). */
  current_date: string;
  access_token: string | null;
  token_type: string | null;
  token_expires_in: number | null;
  token_scope: string | null;
  user_first_name: string | null;
  user_last_name: string | null;
  budget_limit: number | null;
  credit_card_list: Record<string, Card>;
  booking_record: Record<string, Booking>;
  fiscal_years?: { year: string; last_modified: string; removed: boolean }[];
  long_context?: boolean;
  random_seed?: number;
  /** 32-bit words drawn from the generator so far, so the next id continues BFCL's sequence. */
  random_draws?: number;
}

/** Draws one id the way BFCL does, advancing the generator recorded in the state. */
function draw(s: TravelState, low: number, high: number): number {
  const rng = new PythonRandom(s.random_seed ?? BFCL_SEED, s.random_draws ?? 0);
  const value = rng.randint(low, high);
  s.random_draws = rng.used;
  return value;
}

/** BFCL's session checks, in its order: an expired session, then a token that is not the current one. */
function requireToken(s: TravelState, token: string, ctx: SimContext): void {
  if (s.token_expires_in === 0) ctx.fail('The access token has expired; call authenticate_travel for a new one.');
  if (token !== s.access_token) ctx.fail('Invalid access token; use the token authenticate_travel returned (or the one on file).');
}

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function booking(s: TravelState, id: string | undefined, ctx: SimContext): Booking {
  const b = id === undefined ? undefined : own(s.booking_record, id);
  if (!b) return ctx.fail(`Booking ${id ?? '(none given)'} not found. Use get_booking_history to list your bookings.`);
  return b;
}

function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * BFCL's fare: the route's base fare, times 1/2/5 for economy/business/first, doubled when the
 * digits of the date add up to an even number.
 */
function fare(a: { travel_from: string; travel_to: string; travel_date: string; travel_class: string }, ctx: SimContext): number {
  const base = baseFare(a.travel_from, a.travel_to);
  if (base === undefined) ctx.fail(`No available route from ${a.travel_from} to ${a.travel_to}.`);
  const factor = CLASS_FACTOR.get(a.travel_class);
  if (factor === undefined) ctx.fail(`Invalid travel class "${a.travel_class}"; options are economy, business, first.`);
  const digitSum = [...a.travel_date].filter((c) => c >= '0' && c <= '9').reduce((sum, c) => sum + Number(c), 0);
  return base! * factor! * (digitSum % 2 === 0 ? 2 : 1);
}

function ageOn(birth: string, today: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export const simulator = defineSimulator<Args>('travel', {
  authenticate_travel(s: TravelState, a) {
    // BFCL issues a fresh 6-digit token (251675 first on its seed) that expires after 2 units.
    s.access_token = String(draw(s, 100000, 999999));
    s.token_type = 'Bearer';
    s.token_expires_in = 2;
    s.token_scope = a.grant_type;
    s.user_first_name = a.user_first_name;
    s.user_last_name = a.user_last_name;
    return { expires_in: 2, access_token: s.access_token, token_type: 'Bearer', scope: a.grant_type };
  },

  travel_get_login_status(s: TravelState) {
    return { status: !(s.token_expires_in === null || s.token_expires_in === undefined || s.token_expires_in === 0) };
  },

  list_all_airports() {
    return { airports: AIRPORTS.map((x) => x.code) };
  },

  get_nearest_airport_by_city(_s: TravelState, a) {
    // BFCL answers "Unknown" for a place it does not know rather than failing.
    return { nearest_airport: AIRPORTS.find((x) => x.city === a.location)?.code ?? 'Unknown' };
  },

  get_flight_cost(_s: TravelState, a, ctx) {
    return { travel_cost_list: [fare(a, ctx)] };
  },

  compute_exchange_rate(_s: TravelState, a, ctx) {
    // BFCL quotes only pairs with USD: multiplied one way, divided and rounded to cents the other.
    if (a.base_currency === 'USD' && PER_USD.has(a.target_currency)) return { exchanged_value: a.value * PER_USD.get(a.target_currency)! };
    if (a.target_currency === 'USD' && PER_USD.has(a.base_currency)) return { exchanged_value: Math.round((a.value / PER_USD.get(a.base_currency)!) * 100) / 100 };
    return ctx.fail(`No available exchange rate from ${a.base_currency} to ${a.target_currency}; rates are quoted against USD only.`);
  },

  // BFCL's version always answers "2018" and no ground-truth call uses it; ours reads `fiscal_years`.
  get_budget_fiscal_year(s: TravelState, a, ctx) {
    if (a.lastModifiedAfter !== undefined && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(a.lastModifiedAfter)) {
      ctx.fail(`lastModifiedAfter must look like 2016-03-29T16:12:20, got "${a.lastModifiedAfter}".`);
    }
    const flag = (a.includeRemoved ?? 'false').trim().toLowerCase();
    if (flag !== 'true' && flag !== 'false') ctx.fail(`includeRemoved must be "true" or "false", got "${a.includeRemoved}".`);
    const years = (s.fiscal_years ?? [])
      .filter((y) => flag === 'true' || !y.removed)
      .filter((y) => !a.lastModifiedAfter || y.last_modified > a.lastModifiedAfter)
      .map((y) => y.year)
      .sort();
    if (years.length === 0) ctx.fail('No budget fiscal year matches these filters.');
    return { budget_fiscal_year: years[years.length - 1] };
  },

  set_budget_limit(s: TravelState, a, ctx) {
    requireToken(s, a.access_token, ctx);
    s.budget_limit = a.budget_limit;
    return { budget_limit: a.budget_limit };
  },

  get_all_credit_cards(s: TravelState) {
    return { credit_card_list: s.credit_card_list };
  },

  get_credit_card_balance(s: TravelState, a, ctx) {
    requireToken(s, a.access_token, ctx);
    const c = own(s.credit_card_list, a.card_id);
    if (!c) return ctx.fail(`Card ${a.card_id} is not registered. Registered card ids: ${Object.keys(s.credit_card_list).join(', ') || 'none'}.`);
    return { card_balance: c.balance };
  },

  register_credit_card(s: TravelState, a, ctx) {
    if (s.token_expires_in === null || s.token_expires_in === undefined) ctx.fail('No session yet: call authenticate_travel first.');
    requireToken(s, a.access_token, ctx);
    // BFCL compares the number with the registered card ids (not their numbers); we keep its check.
    if (Object.hasOwn(s.credit_card_list, a.card_number)) ctx.fail(`Card ${a.card_number} is already registered.`);
    const card_id = String(draw(s, 100000000000, 999999999999));
    s.credit_card_list[card_id] = {
      card_number: a.card_number,
      expiration_date: a.expiration_date,
      cardholder_name: a.cardholder_name,
      card_verification_number: a.card_verification_number,
      balance: draw(s, 10000, 99999),
    };
    return { card_id };
  },

  verify_traveler_information(s: TravelState, a) {
    if (s.user_first_name !== a.first_name || s.user_last_name !== a.last_name) {
      return {
        verification_status: false,
        verification_failure: `Cannot book flight information for another user: expected ${s.user_first_name} ${s.user_last_name}, got ${a.first_name} ${a.last_name}.`,
      };
    }
    if (!isIsoDate(a.date_of_birth)) return { verification_status: false, verification_failure: 'Invalid date of birth format. Please use YYYY-MM-DD.' };
    if (ageOn(a.date_of_birth, s.current_date) < 18) return { verification_status: false, verification_failure: 'Traveler must be at least 18 years old.' };
    if (!a.passport_number.startsWith('US')) return { verification_status: false, verification_failure: 'Passport must be issued by the United States.' };
    return { verification_status: true };
  },

  book_flight(s: TravelState, a, ctx) {
    requireToken(s, a.access_token, ctx);
    const c = own(s.credit_card_list, a.card_id);
    if (!c) return ctx.fail(`Card ${a.card_id} is not registered.`);
    if (c.balance === undefined) ctx.fail(`Card ${a.card_id} has no balance on file.`);
    const codes = AIRPORTS.map((x) => x.code);
    if (!codes.includes(a.travel_from)) ctx.fail(`Invalid departure airport code: ${a.travel_from}.`);
    if (!codes.includes(a.travel_to)) ctx.fail(`Invalid destination airport code: ${a.travel_to}.`);
    if (!isIsoDate(a.travel_date)) ctx.fail('Invalid date format. Use YYYY-MM-DD.');
    const cost = fare(a, ctx);
    if (c.balance < cost) ctx.fail(`Insufficient funds on card ${a.card_id}: the flight costs ${cost}, the balance is ${c.balance}.`);
    // BFCL's odd rule, kept: the card's balance (not the fare) must reach the budget limit.
    if (s.budget_limit !== null && s.budget_limit !== undefined && c.balance < s.budget_limit) {
      ctx.fail(`The balance of card ${a.card_id} (${c.balance}) is less than the budget limit ${s.budget_limit}.`);
    }
    c.balance -= cost;
    const booking_id = String(draw(s, 1000000, 9999999));
    const transaction_id = String(draw(s, 10000000, 99999999));
    s.booking_record[booking_id] = {
      card_id: a.card_id,
      travel_date: a.travel_date,
      travel_from: a.travel_from,
      travel_to: a.travel_to,
      travel_class: a.travel_class,
      travel_cost: cost,
      transaction_id,
    };
    // BFCL fills booking_history only in long-context scenarios.
    return { booking_id, transaction_id, booking_status: true, booking_history: s.long_context ? s.booking_record : {} };
  },

  get_booking_history(s: TravelState, a, ctx) {
    requireToken(s, a.access_token, ctx);
    return { booking_history: s.booking_record };
  },

  cancel_booking(s: TravelState, a, ctx) {
    requireToken(s, a.access_token, ctx);
    const b = booking(s, a.booking_id, ctx);
    const paidWith = own(s.credit_card_list, String(b.card_id));
    if (!paidWith) ctx.fail(`Booking ${a.booking_id} was paid with card ${String(b.card_id)}, which is not registered; it cannot be refunded.`);
    paidWith!.balance += Number(b.travel_cost);
    delete s.booking_record[a.booking_id];
    return { cancel_status: true };
  },

  purchase_insurance(s: TravelState, a, ctx) {
    requireToken(s, a.access_token, ctx);
    if (s.budget_limit !== null && s.budget_limit !== undefined && s.budget_limit < a.insurance_cost) {
      ctx.fail(`The insurance cost ${a.insurance_cost} exceeds the budget limit ${s.budget_limit}.`);
    }
    booking(s, a.booking_id, ctx);
    const c = own(s.credit_card_list, a.card_id);
    if (!c) return ctx.fail(`Credit card ${a.card_id} is not registered.`);
    c.balance -= a.insurance_cost;
    return { insurance_id: String(draw(s, 100000000, 999999999)), insurance_status: true };
  },

  retrieve_invoice(s: TravelState, a, ctx) {
    requireToken(s, a.access_token, ctx);
    const b = booking(s, a.booking_id, ctx);
    return {
      invoice: {
        booking_id: a.booking_id,
        travel_date: b.travel_date,
        travel_from: b.travel_from,
        travel_to: b.travel_to,
        travel_class: b.travel_class,
        travel_cost: b.travel_cost,
        transaction_id: b.transaction_id,
      },
    };
  },

  contact_customer_support(s: TravelState, a, ctx) {
    booking(s, a.booking_id, ctx);
    return { customer_support_message: 'Thank you for contacting customer support. Your message has been received and we will get back to you shortly.' };
  },
});
