import { defineSimulator, type SimContext } from '../../pipeline/world/simulator.ts';

/** Airports in the order list_all_airports gives them (BFCL answers pick "the first two"), with the city they serve. */
const AIRPORTS: { code: string; city: string; lat: number; lon: number }[] = [
  { code: 'RMS', city: 'Rivermist', lat: 44.05, lon: -121.31 },
  { code: 'SBK', city: 'Stonebrook', lat: 39.1, lon: -94.58 },
  { code: 'MPC', city: 'Maplecrest', lat: 44.47, lon: -73.21 },
  { code: 'SVP', city: 'Silverpine', lat: 47.66, lon: -117.43 },
  { code: 'SHD', city: 'Shadowridge', lat: 36.05, lon: -112.14 },
  { code: 'LHR', city: 'London', lat: 51.47, lon: -0.45 },
  { code: 'CDG', city: 'Paris', lat: 49.01, lon: 2.55 },
  { code: 'SSV', city: 'Sunset Valley', lat: 32.72, lon: -111.93 },
  { code: 'OKD', city: 'Oakendale', lat: 35.47, lon: -97.52 },
  { code: 'WLB', city: 'Willowbend', lat: 30.3, lon: -90.08 },
  { code: 'CRH', city: 'Crescent Hollow', lat: 38.63, lon: -90.2 },
  { code: 'ATV', city: 'Autumnville', lat: 41.65, lon: -83.54 },
  { code: 'PHV', city: 'Pinehaven', lat: 45.32, lon: -84.92 },
  { code: 'GFD', city: 'Greenfield', lat: 39.79, lon: -86.15 },
  { code: 'SFO', city: 'San Francisco', lat: 37.62, lon: -122.38 },
  { code: 'LAX', city: 'Los Angeles', lat: 33.94, lon: -118.41 },
  { code: 'JFK', city: 'New York', lat: 40.64, lon: -73.78 },
  { code: 'ORD', city: 'Chicago', lat: 41.98, lon: -87.9 },
  { code: 'BOS', city: 'Boston', lat: 42.36, lon: -71.01 },
  { code: 'PEK', city: 'Beijing', lat: 40.08, lon: 116.58 },
  { code: 'HKG', city: 'Hong Kong', lat: 22.31, lon: 113.91 },
  { code: 'CIA', city: 'Rome', lat: 41.8, lon: 12.59 },
  { code: 'HND', city: 'Tokyo', lat: 35.55, lon: 139.78 },
];

/** Units of each currency per US dollar. */
const PER_USD: Record<string, number> = { USD: 1, RMB: 7, EUR: 0.92, JPY: 151, GBP: 0.79, CAD: 1.37, AUD: 1.52, INR: 83.5, RUB: 92, BRL: 5.1, MXN: 17.2 };
const CLASS_FACTOR: Record<string, number> = { economy: 1, business: 2.6, first: 4.2 };
const NEW_CARD_CREDIT = 10000;

interface Card {
  balance: number;
  [field: string]: unknown;
}

interface Insurance {
  insurance_id: string;
  insurance_type: string;
  insurance_cost: number;
  card_id: string;
}

/** A booking as we store it; imported ones may use other field names (see `field`). */
type Booking = Record<string, unknown>;

interface TravelState {
  current_date: string;
  access_token: string | null;
  token_type: string | null;
  token_expires_in: number;
  token_scope: string | null;
  user_first_name: string | null;
  user_last_name: string | null;
  budget_limit: number | null;
  credit_card_list: Record<string, Card>;
  booking_record: Record<string, Booking>;
  fiscal_years: { year: string; last_modified: string; removed: boolean }[];
}

const money = (n: number) => Math.round(n * 100) / 100;

function requireToken(s: TravelState, token: string, ctx: SimContext, writes = false): void {
  if (!s.access_token) ctx.fail('You are not authenticated. Call authenticate_travel first and use the access token it returns.');
  if (token !== s.access_token) ctx.fail('The access token is invalid or has been replaced; use the token returned by authenticate_travel.');
  if (writes && s.token_scope === 'read') ctx.fail('This access token has read-only scope; authenticate with grant_type read_write to make changes.');
}

function card(s: TravelState, id: string, ctx: SimContext): Card {
  const c = s.credit_card_list[id];
  if (!c) ctx.fail(`Credit card "${id}" is not registered. Registered card ids: ${Object.keys(s.credit_card_list).join(', ') || 'none'}.`);
  return c;
}

function booking(s: TravelState, id: string, ctx: SimContext): Booking {
  const b = s.booking_record[id];
  if (!b) ctx.fail(`Booking "${id}" does not exist. Use get_booking_history to list your bookings.`);
  return b;
}

/** The first of several names an imported booking may use for a field. */
function field(b: Booking, ...names: string[]): unknown {
  for (const n of names) if (b[n] !== undefined) return b[n];
  return null;
}

function parseDate(text: string, what: string, ctx: SimContext): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    ctx.fail(`${what} must be a real date in YYYY-MM-DD format, got "${text}".`);
  }
  return d;
}

function airport(code: string, ctx: SimContext) {
  const a = AIRPORTS.find((x) => x.code === code);
  if (!a) ctx.fail(`Unknown airport code "${code}". Use list_all_airports or get_nearest_airport_by_city to find a code.`);
  return a;
}

function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** The fare of a flight: grows with distance and class, and departures from Friday to Sunday cost 15% more. */
function fare(s: TravelState, a: { travel_from: string; travel_to: string; travel_date: string; travel_class: string }, ctx: SimContext): number {
  const from = airport(a.travel_from, ctx);
  const to = airport(a.travel_to, ctx);
  if (from.code === to.code) ctx.fail(`Departure and arrival are both ${from.code}; choose two different airports.`);
  const day = parseDate(a.travel_date, 'travel_date', ctx);
  if (a.travel_date < s.current_date) ctx.fail(`travel_date ${a.travel_date} is in the past (today is ${s.current_date}).`);
  const factor = CLASS_FACTOR[a.travel_class];
  if (factor === undefined) ctx.fail(`travel_class must be economy, business or first, got "${a.travel_class}".`);
  const weekend = [0, 5, 6].includes(day.getUTCDay()) ? 1.15 : 1;
  return Math.round((50 + 0.11 * distanceKm(from, to)) * factor * weekend);
}

function charge(c: Card, amount: number, id: string, ctx: SimContext): void {
  if (Number(c.balance) < amount) ctx.fail(`Insufficient funds on card ${id}: ${amount} is due but only ${c.balance} is available.`);
  c.balance = money(Number(c.balance) - amount);
}

function ageOn(birth: Date, today: Date): number {
  let age = today.getUTCFullYear() - birth.getUTCFullYear();
  if (today.getUTCMonth() < birth.getUTCMonth() || (today.getUTCMonth() === birth.getUTCMonth() && today.getUTCDate() < birth.getUTCDate())) age -= 1;
  return age;
}

export const simulator = defineSimulator('travel', {
  authenticate_travel(s: TravelState, a: Record<string, string>, ctx) {
    for (const k of ['client_id', 'client_secret', 'refresh_token', 'user_first_name', 'user_last_name']) {
      if (!a[k]?.trim()) ctx.fail(`${k} must not be empty.`);
    }
    // BFCL hands out one token per session and its entries reuse a configured token after logging in again,
    // so an existing token is kept (and re-scoped) rather than replaced.
    s.access_token = s.access_token || ctx.id('tok', a.client_id, a.client_secret, a.refresh_token, a.grant_type, a.user_first_name, a.user_last_name);
    s.token_type = 'Bearer';
    s.token_expires_in = 7200;
    s.token_scope = a.grant_type!;
    s.user_first_name = a.user_first_name!;
    s.user_last_name = a.user_last_name!;
    return { expires_in: s.token_expires_in, access_token: s.access_token, token_type: s.token_type, scope: s.token_scope };
  },

  travel_get_login_status(s: TravelState) {
    return { status: typeof s.access_token === 'string' && s.access_token !== '' };
  },

  list_all_airports() {
    return { airports: AIRPORTS.map((a) => a.code) };
  },

  get_nearest_airport_by_city(_s: TravelState, a: { location: string }, ctx: SimContext) {
    const hit = AIRPORTS.find((x) => x.city.toLowerCase() === a.location.trim().toLowerCase());
    if (!hit) ctx.fail(`No airport is known near "${a.location}". Known locations: ${AIRPORTS.map((x) => x.city).join(', ')}.`);
    return { nearest_airport: hit.code };
  },

  get_flight_cost(s: TravelState, a: { travel_from: string; travel_to: string; travel_date: string; travel_class: string }, ctx) {
    return { travel_cost_list: [fare(s, a, ctx)] };
  },

  compute_exchange_rate(_s: TravelState, a: { base_currency: string; target_currency: string; value: number }, ctx) {
    const from = PER_USD[a.base_currency];
    const to = PER_USD[a.target_currency];
    if (from === undefined || to === undefined) ctx.fail(`Currencies must be among ${Object.keys(PER_USD).join(', ')}.`);
    return { exchanged_value: money((a.value / from!) * to!) };
  },

  get_budget_fiscal_year(s: TravelState, a: { lastModifiedAfter?: string; includeRemoved?: string }, ctx) {
    if (a.lastModifiedAfter !== undefined && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(a.lastModifiedAfter)) {
      ctx.fail(`lastModifiedAfter must look like 2016-03-29T16:12:20, got "${a.lastModifiedAfter}".`);
    }
    const flag = (a.includeRemoved ?? 'false').trim().toLowerCase();
    if (flag !== 'true' && flag !== 'false') ctx.fail(`includeRemoved must be "true" or "false", got "${a.includeRemoved}".`);
    const years = s.fiscal_years
      .filter((y) => flag === 'true' || !y.removed)
      .filter((y) => !a.lastModifiedAfter || y.last_modified > a.lastModifiedAfter)
      .map((y) => y.year)
      .sort();
    if (years.length === 0) ctx.fail('No budget fiscal year matches these filters.');
    return { budget_fiscal_year: years[years.length - 1] };
  },

  set_budget_limit(s: TravelState, a: { access_token: string; budget_limit: number }, ctx) {
    requireToken(s, a.access_token, ctx, true);
    if (a.budget_limit < 0) ctx.fail(`The budget limit cannot be negative, got ${a.budget_limit}.`);
    s.budget_limit = a.budget_limit;
    return { budget_limit: a.budget_limit };
  },

  get_all_credit_cards(s: TravelState) {
    return { credit_card_list: s.credit_card_list };
  },

  get_credit_card_balance(s: TravelState, a: { access_token: string; card_id: string }, ctx) {
    requireToken(s, a.access_token, ctx);
    return { card_balance: card(s, a.card_id, ctx).balance };
  },

  register_credit_card(s: TravelState, a: { access_token: string; card_number: string; expiration_date: string; cardholder_name: string; card_verification_number: number }, ctx) {
    requireToken(s, a.access_token, ctx, true);
    const digits = a.card_number.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits)) ctx.fail(`"${a.card_number}" is not a card number: it needs 12 to 19 digits.`);
    if (!/^(0[1-9]|1[0-2])\/\d{4}$/.test(a.expiration_date)) ctx.fail(`The expiration date must be MM/YYYY, got "${a.expiration_date}".`);
    if (!a.cardholder_name.trim()) ctx.fail('The cardholder name must not be empty.');
    if (a.card_verification_number < 0 || a.card_verification_number > 9999) ctx.fail('The card verification number has 3 or 4 digits.');
    const taken = Object.entries(s.credit_card_list).find(([, c]) => String(c.card_number ?? '').replace(/[\s-]/g, '') === digits);
    if (taken) ctx.fail(`This card is already registered with id ${taken[0]}.`);
    const id = ctx.id('card', digits, a.expiration_date, a.cardholder_name);
    s.credit_card_list[id] = {
      card_number: a.card_number,
      expiration_date: a.expiration_date,
      cardholder_name: a.cardholder_name,
      card_verification_number: a.card_verification_number,
      balance: NEW_CARD_CREDIT,
    };
    return { card_id: id };
  },

  verify_traveler_information(s: TravelState, a: { first_name: string; last_name: string; date_of_birth: string; passport_number: string }, ctx) {
    const birth = parseDate(a.date_of_birth, 'date_of_birth', ctx);
    // An account without a holder name on file accepts any traveler name.
    const same = (x: string, y: string | null) => y === null || x.trim().toLowerCase() === y.trim().toLowerCase();
    const failure =
      !same(a.first_name, s.user_first_name) || !same(a.last_name, s.user_last_name)
        ? `The traveler ${a.first_name} ${a.last_name} is not the account holder ${s.user_first_name} ${s.user_last_name}.`
        : ageOn(birth, parseDate(s.current_date, 'current_date', ctx)) < 18
          ? 'The traveler must be at least 18 years old.'
          : !/^[A-Za-z0-9]{6,12}$/.test(a.passport_number)
            ? `"${a.passport_number}" is not a valid passport number (6 to 12 letters and digits).`
            : '';
    return failure ? { verification_status: false, verification_failure: failure } : { verification_status: true };
  },

  book_flight(s: TravelState, a: { access_token: string; card_id: string; travel_date: string; travel_from: string; travel_to: string; travel_class: string }, ctx) {
    requireToken(s, a.access_token, ctx, true);
    const c = card(s, a.card_id, ctx);
    const cost = fare(s, a, ctx);
    charge(c, cost, a.card_id, ctx);
    const parts = [a.card_id, a.travel_date, a.travel_from, a.travel_to, a.travel_class, Object.keys(s.booking_record)];
    const booking_id = ctx.id('bk', 'booking', ...parts);
    const transaction_id = ctx.id('tx', 'transaction', ...parts);
    const details = { travel_date: a.travel_date, travel_from: a.travel_from, travel_to: a.travel_to, travel_class: a.travel_class, travel_cost: cost, transaction_id };
    s.booking_record[booking_id] = { card_id: a.card_id, ...details };
    return { booking_id, transaction_id, booking_status: true, booking_history: { booking_id, ...details } };
  },

  get_booking_history(s: TravelState, a: { access_token: string }, ctx) {
    requireToken(s, a.access_token, ctx);
    return { booking_history: s.booking_record };
  },

  cancel_booking(s: TravelState, a: { access_token: string; booking_id: string }, ctx) {
    requireToken(s, a.access_token, ctx, true);
    const b = booking(s, a.booking_id, ctx);
    const paidWith = s.credit_card_list[String(b.card_id)];
    const cost = Number(field(b, 'travel_cost', 'cost', 'price', 'cost_usd'));
    if (paidWith && Number.isFinite(cost)) paidWith.balance = money(Number(paidWith.balance) + cost);
    delete s.booking_record[a.booking_id];
    return { cancel_status: true };
  },

  purchase_insurance(s: TravelState, a: { access_token: string; insurance_type: string; insurance_cost: number; booking_id: string; card_id: string }, ctx) {
    requireToken(s, a.access_token, ctx, true);
    const b = booking(s, a.booking_id, ctx);
    const existing = b.insurance as Partial<Insurance> | undefined;
    if (existing && typeof existing === 'object' && existing.insurance_id) ctx.fail(`Booking ${a.booking_id} is already insured (insurance ${existing.insurance_id}).`);
    if (!a.insurance_type.trim()) ctx.fail('The insurance type must not be empty.');
    if (!(a.insurance_cost > 0)) ctx.fail(`The insurance cost must be greater than 0, got ${a.insurance_cost}.`);
    charge(card(s, a.card_id, ctx), a.insurance_cost, a.card_id, ctx);
    const insurance_id = ctx.id('ins', a.booking_id, a.insurance_type, a.insurance_cost, a.card_id);
    b.insurance = { insurance_id, insurance_type: a.insurance_type, insurance_cost: a.insurance_cost, card_id: a.card_id } satisfies Insurance;
    return { insurance_id, insurance_status: true };
  },

  retrieve_invoice(s: TravelState, a: { access_token: string; booking_id?: string; insurance_id?: string }, ctx) {
    requireToken(s, a.access_token, ctx);
    if (a.booking_id === undefined && a.insurance_id === undefined) ctx.fail('Give a booking_id or an insurance_id to find the invoice.');
    let id = a.booking_id;
    if (id === undefined) {
      id = Object.keys(s.booking_record).find((k) => (s.booking_record[k]!.insurance as Partial<Insurance> | undefined)?.insurance_id === a.insurance_id);
      if (id === undefined) ctx.fail(`No booking is insured under insurance id "${a.insurance_id}".`);
    }
    const b = booking(s, id!, ctx);
    const ins = b.insurance as Partial<Insurance> | undefined;
    if (a.insurance_id !== undefined && ins?.insurance_id !== a.insurance_id) ctx.fail(`Insurance "${a.insurance_id}" does not belong to booking ${id}.`);
    const invoice: Record<string, unknown> = {
      booking_id: id,
      travel_date: field(b, 'travel_date', 'date', 'flight_date', 'departure_date'),
      travel_from: field(b, 'travel_from', 'departure', 'departure_city'),
      travel_to: field(b, 'travel_to', 'destination', 'arrival', 'arrival_city'),
      travel_class: field(b, 'travel_class', 'class', 'flight_class'),
      travel_cost: field(b, 'travel_cost', 'cost', 'price', 'cost_usd'),
      transaction_id: field(b, 'transaction_id'),
    };
    if (ins && typeof ins === 'object' && ins.insurance_id) Object.assign(invoice, { insurance_id: ins.insurance_id, insurance_type: ins.insurance_type, insurance_cost: ins.insurance_cost });
    return { invoice };
  },

  contact_customer_support(s: TravelState, a: { booking_id: string; message: string }, ctx) {
    booking(s, a.booking_id, ctx);
    if (!a.message.trim()) ctx.fail('The message to customer support must not be empty.');
    return {
      customer_support_message: `Thank you for calling about booking ${a.booking_id}. We noted your request ("${a.message.trim()}") and a support agent will follow up by email within 24 hours.`,
    };
  },
});
