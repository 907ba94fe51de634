import { defineSimulator, PythonRandom, type SimContext } from '../../pipeline/toolkit-api.ts';
import type { Args } from './args.ts';

interface Quote {
  price: number;
  percent_change: number;
  volume: number;
  'MA(5)': number;
  'MA(20)': number;
}

/** An order as BFCL configs store it (size in num_shares, type sometimes missing) or as we do. */
interface StoredOrder {
  id?: number;
  order_type?: string;
  symbol: string;
  price: number;
  amount?: number;
  num_shares?: number;
  status: string;
}

interface Order {
  id: number;
  order_type: 'Buy' | 'Sell';
  symbol: string;
  price: number;
  amount: number;
  status: string;
}

interface Transaction {
  type: string;
  amount: number;
  timestamp: string;
}

interface TradingState {
  authenticated: boolean;
  market_status: string;
  current_datetime: string;
  account_info: { account_id: number; balance: number; binding_card: number };
  order_counter: number;
  orders: Record<string, StoredOrder | string>;
  stocks: Record<string, Quote>;
  sectors: Record<string, string[]>;
  companies: Record<string, string>;
  watch_list: string[];
  transaction_history: Transaction[];
  random_seed?: number;
  random_draws?: number;
}

/** BFCL's TradingBot seed. */
const BFCL_SEED = 1053520;

/**
 * A transaction's time as BFCL stamps it: a second drawn from its seeded generator within the day
 * after the clock (`current_datetime`, read as UTC), written YYYY-MM-DD HH:MM:SS.
 */
function transactionTimestamp(s: TradingState): string {
  const start = Math.floor(Date.parse(`${s.current_datetime.replace(' ', 'T')}Z`) / 1000);
  const rng = new PythonRandom(s.random_seed ?? BFCL_SEED, s.random_draws ?? 0);
  const at = rng.randint(start, start + 86400);
  s.random_draws = rng.used;
  return new Date(at * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function requireLogin(s: TradingState, ctx: SimContext, what: string): void {
  if (!s.authenticated) ctx.fail(`You are not logged in. Log in with trading_login before you ${what}.`);
}

function quote(s: TradingState, symbol: string, ctx: SimContext): Quote {
  const q = s.stocks[symbol];
  if (!q) ctx.fail(`Stock "${symbol}" is not listed. Listed symbols: ${Object.keys(s.stocks).join(', ')}.`);
  return q;
}

function normaliseOrder(s: TradingState, key: string, o: StoredOrder): Order {
  const fallbackType = typeof s.orders.order_type === 'string' ? s.orders.order_type : 'Buy';
  const type = (o.order_type ?? fallbackType).toLowerCase() === 'sell' ? 'Sell' : 'Buy';
  return { id: o.id ?? Number(key), order_type: type, symbol: o.symbol, price: o.price, amount: o.amount ?? o.num_shares ?? 0, status: o.status };
}

/** Orders with the key they are stored under (BFCL configs also keep a stray string in `orders`). */
function orderEntries(s: TradingState): { key: string; order: Order }[] {
  return Object.entries(s.orders ?? {})
    .filter((e): e is [string, StoredOrder] => typeof e[1] === 'object' && e[1] !== null)
    .map(([key, o]) => ({ key, order: normaliseOrder(s, key, o) }));
}

const allOrders = (s: TradingState): Order[] => orderEntries(s).map((e) => e.order);

function findOrder(s: TradingState, id: number, ctx: SimContext): { key: string; order: Order } {
  const hit = orderEntries(s).find((e) => e.order.id === id);
  if (!hit) ctx.fail(`Order ${id} does not exist. Use get_order_history to list your order ids.`);
  return hit;
}

function assertPositive(value: number, what: string, ctx: SimContext): void {
  if (!(value > 0)) ctx.fail(`The ${what} must be greater than 0, got ${value}.`);
}

function clockTime(datetime: string): string {
  const [h, m] = datetime.slice(11, 16).split(':').map(Number) as [number, number];
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  return `${String(hour12).padStart(2, '0')}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const normaliseName = (name: string) =>
  name
    .toLowerCase()
    .replace(/[.,']/g, '')
    .replace(/\b(inc|corp|corporation|ltd|limited|co|company|plc)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();

export const simulator = defineSimulator<Args>('trading', {
  trading_login(s: TradingState, a, ctx) {
    if (!a.username.trim() || !a.password) ctx.fail('Both a username and a password are required to log in.');
    if (s.authenticated) return { status: 'Already logged in' };
    s.authenticated = true;
    return { status: 'Logged in successfully' };
  },

  trading_logout(s: TradingState) {
    // BFCL answers a logout while logged out with a status, not an error.
    if (!s.authenticated) return { status: 'No user is currently logged in' };
    s.authenticated = false;
    return { status: 'Logged out successfully' };
  },

  trading_get_login_status(s: TradingState) {
    return { status: Boolean(s.authenticated) };
  },

  get_current_time(s: TradingState) {
    return { current_time: clockTime(s.current_datetime) };
  },

  get_stock_info(s: TradingState, a, ctx) {
    return { ...quote(s, a.symbol, ctx) };
  },

  get_symbol_by_name(s: TradingState, a) {
    const wanted = normaliseName(a.name);
    const hit = Object.entries(s.companies ?? {}).find(([, name]) => normaliseName(name) === wanted);
    return { symbol: hit ? hit[0] : 'Stock not found' };
  },

  get_available_stocks(s: TradingState, a, ctx: SimContext) {
    const sector = Object.keys(s.sectors ?? {}).find((k) => k.toLowerCase() === a.sector.trim().toLowerCase());
    if (!sector) ctx.fail(`Unknown sector "${a.sector}". Sectors: ${Object.keys(s.sectors ?? {}).join(', ')}.`);
    return { stock_list: s.sectors[sector]!.filter((sym) => sym in s.stocks) };
  },

  filter_stocks_by_price(s: TradingState, a, ctx) {
    if (a.min_price > a.max_price) ctx.fail(`min_price ${a.min_price} is above max_price ${a.max_price}.`);
    const filtered = a.stocks.filter((sym) => {
      const p = quote(s, sym, ctx).price;
      return p >= a.min_price && p <= a.max_price;
    });
    return { filtered_stocks: filtered };
  },

  notify_price_change(s: TradingState, a, ctx) {
    if (a.threshold < 0) ctx.fail(`The threshold is a percentage and cannot be negative, got ${a.threshold}.`);
    const moved = a.stocks.filter((sym) => Math.abs(quote(s, sym, ctx).percent_change) >= a.threshold);
    if (moved.length === 0) return { notification: `No significant price changes (threshold ${a.threshold}%) in the selected stocks.` };
    const parts = moved.map((sym) => {
      const pc = s.stocks[sym]!.percent_change;
      return `${sym} ${pc >= 0 ? 'up' : 'down'} ${Math.abs(pc)}%`;
    });
    return { notification: `Stock price alert: ${parts.join(', ')}.` };
  },

  get_watchlist(s: TradingState) {
    return { watchlist: [...s.watch_list] };
  },

  add_to_watchlist(s: TradingState, a, ctx) {
    quote(s, a.stock, ctx);
    if (!s.watch_list.includes(a.stock)) s.watch_list.push(a.stock);
    return { watchlist: [...s.watch_list] };
  },

  remove_stock_from_watchlist(s: TradingState, a, ctx) {
    if (!s.watch_list.includes(a.symbol)) ctx.fail(`Stock ${a.symbol} is not in the watchlist (${s.watch_list.join(', ') || 'empty'}).`);
    s.watch_list = s.watch_list.filter((sym) => sym !== a.symbol);
    return { status: `Stock ${a.symbol} removed from watchlist successfully.` };
  },

  get_account_info(s: TradingState, _a, ctx) {
    requireLogin(s, ctx, 'view account information');
    return { ...s.account_info };
  },

  fund_account(s: TradingState, a, ctx) {
    requireLogin(s, ctx, 'fund the account');
    assertPositive(a.amount, 'funding amount', ctx);
    s.account_info.balance += a.amount;
    s.transaction_history.push({ type: 'deposit', amount: a.amount, timestamp: transactionTimestamp(s) });
    return { status: 'Account funded successfully', new_balance: s.account_info.balance };
  },

  withdraw_funds(s: TradingState, a, ctx) {
    requireLogin(s, ctx, 'withdraw funds');
    // BFCL allows withdrawals only while the market is open.
    if (s.market_status !== 'Open') ctx.fail('The market is closed; withdrawals are allowed only while it is open.');
    assertPositive(a.amount, 'withdrawal amount', ctx);
    if (a.amount > s.account_info.balance) ctx.fail(`Insufficient funds: cannot withdraw ${a.amount}, the balance is ${s.account_info.balance}.`);
    s.account_info.balance -= a.amount;
    s.transaction_history.push({ type: 'withdrawal', amount: a.amount, timestamp: transactionTimestamp(s) });
    return { status: 'Withdrawal successful', new_balance: s.account_info.balance };
  },

  get_transaction_history(s: TradingState, a, ctx) {
    requireLogin(s, ctx, 'view the transaction history');
    for (const [k, v] of Object.entries(a)) if (v !== undefined && !DATE.test(v)) ctx.fail(`${k} must be a date in YYYY-MM-DD format, got "${v}".`);
    if (a.start_date && a.end_date && a.start_date > a.end_date) ctx.fail(`start_date ${a.start_date} is after end_date ${a.end_date}.`);
    const inRange = (t: Transaction) => {
      const day = String(t.timestamp).slice(0, 10);
      return (!a.start_date || day >= a.start_date) && (!a.end_date || day <= a.end_date);
    };
    return { transaction_history: s.transaction_history.filter(inRange) };
  },

  place_order(s: TradingState, a, ctx) {
    requireLogin(s, ctx, 'place an order');
    if (!Object.hasOwn(s.stocks, a.symbol)) ctx.fail(`Invalid stock symbol: ${a.symbol}. Listed symbols: ${Object.keys(s.stocks).join(', ')}.`);
    if (!(a.price > 0) || !(a.amount > 0)) ctx.fail(`Price and amount must be positive, got price ${a.price} and amount ${a.amount}.`);
    // As BFCL: the order is recorded Open under order_counter and answered as Pending; it holds no
    // cash and needs no shares, since nothing executes orders in simulation.
    const id = s.order_counter;
    s.order_counter = id + 1;
    s.orders[String(id)] = { id, order_type: a.order_type, symbol: a.symbol, price: a.price, amount: a.amount, status: 'Open' };
    return { order_id: id, order_type: a.order_type, status: 'Pending', price: a.price, amount: a.amount };
  },

  get_order_details(s: TradingState, a, ctx) {
    // BFCL shows an order as stored (configs may say num_shares), without a login.
    const stored = Object.hasOwn(s.orders ?? {}, String(a.order_id)) ? s.orders[String(a.order_id)] : undefined;
    if (!stored || typeof stored !== 'object') {
      return ctx.fail(
        `Order ${a.order_id} not found. Order ids: ${
          orderEntries(s)
            .map((e) => e.order.id)
            .join(', ') || 'none'
        }.`,
      );
    }
    return { ...stored };
  },

  get_order_history(s: TradingState, _a, ctx) {
    requireLogin(s, ctx, 'view the order history');
    return { order_history: allOrders(s).map((o) => o.id) };
  },

  cancel_order(s: TradingState, a, ctx) {
    // BFCL cancels anything not completed, without a login, and refunds nothing (orders hold no cash).
    const { key, order } = findOrder(s, a.order_id, ctx);
    if (order.status === 'Completed') ctx.fail(`Order ${order.id} is already completed and cannot be cancelled.`);
    (s.orders[key] as StoredOrder).status = 'Cancelled';
    return { order_id: a.order_id, status: 'Cancelled' };
  },
});
