import { describe, expect, it } from 'vitest';
import { loadToolkitHarness } from '../support/toolkit-harness.ts';

const { initial, ok, fails, expectPure, bfclState } = await loadToolkitHarness('trading');
const loggedOut = { ...initial, authenticated: false };

describe('trading toolkit', () => {
  it('answers market data questions', () => {
    expect(ok('get_stock_info', { symbol: 'NVDA' }).result).toEqual({ price: 136.05, percent_change: 2.31, volume: 4.562, 'MA(5)': 133.2, 'MA(20)': 129.78 });
    expect(fails('get_stock_info', { symbol: 'XXXX' })).toMatch(/not listed/);
    expect(ok('get_symbol_by_name', { name: 'zeta corp' }).result.symbol).toBe('ZETA');
    expect(ok('get_symbol_by_name', { name: 'Apple' }).result.symbol).toBe('AAPL');
    expect(ok('get_symbol_by_name', { name: 'Initech' }).result.symbol).toBe('Stock not found');
    expect(ok('get_available_stocks', { sector: 'technology' }).result.stock_list).toEqual(['AAPL', 'GOOG', 'MSFT', 'NVDA']);
    expect(fails('get_available_stocks', { sector: 'Crypto' })).toMatch(/Unknown sector.*Technology/);
    expect(ok('get_current_time').result.current_time).toBe('10:30 AM');
  });

  it('filters by price and reports significant moves', () => {
    expect(ok('filter_stocks_by_price', { stocks: ['AAPL', 'MSFT', 'ZETA'], min_price: 20, max_price: 300 }).result.filtered_stocks).toEqual(['AAPL', 'ZETA']);
    expect(fails('filter_stocks_by_price', { stocks: ['AAPL'], min_price: 300, max_price: 20 })).toMatch(/above max_price/);
    expect(ok('notify_price_change', { stocks: ['NVDA', 'TSLA', 'MSFT'], threshold: 2 }).result.notification).toBe('Stock price alert: NVDA up 2.31%, TSLA down 3.12%.');
    expect(ok('notify_price_change', { stocks: ['MSFT'], threshold: 2 }).result.notification).toMatch(/^No significant price changes/);
  });

  it('keeps a watchlist, with or without a session', () => {
    const added = ok('add_to_watchlist', { stock: 'ZETA' }, loggedOut);
    expect(added.result.watchlist).toEqual(['NVDA', 'TSLA', 'ZETA']);
    expect(ok('add_to_watchlist', { stock: 'ZETA' }, added.state).result.watchlist).toEqual(['NVDA', 'TSLA', 'ZETA']);
    const removed = ok('remove_stock_from_watchlist', { symbol: 'TSLA' }, added.state);
    expect(ok('get_watchlist', {}, removed.state).result.watchlist).toEqual(['NVDA', 'ZETA']);
    expect(fails('remove_stock_from_watchlist', { symbol: 'AAPL' })).toMatch(/not in the watchlist/);
    expect(fails('add_to_watchlist', { stock: 'NOPE' })).toMatch(/not listed/);
  });

  it('logs in and out, and guards account functions behind the session', () => {
    expect(fails('get_account_info', {}, loggedOut)).toMatch(/trading_login/);
    const login = ok('trading_login', { username: 'mira_chen', password: 'pw' }, loggedOut);
    expect(login.result.status).toBe('Logged in successfully');
    expect(ok('trading_get_login_status', {}, login.state).result.status).toBe(true);
    expect(ok('get_account_info', {}, login.state).result).toEqual({ account_id: 40217, balance: 18250, binding_card: 4539128847651206 });
    const out = ok('trading_logout', {}, login.state);
    expect(ok('trading_get_login_status', {}, out.state).result.status).toBe(false);
    expect(fails('trading_logout', {}, out.state)).toMatch(/No user is logged in/);
    expect(fails('trading_login', { username: ' ', password: 'pw' }, loggedOut)).toMatch(/username and a password/);
  });

  it('moves cash in and out and keeps a dated history', () => {
    const funded = ok('fund_account', { amount: 1200 });
    expect(funded.result.new_balance).toBe(19450);
    expect(fails('fund_account', { amount: -5 })).toMatch(/greater than 0/);
    expect(fails('withdraw_funds', { amount: 20000 })).toMatch(/Insufficient funds/);
    const drawn = ok('withdraw_funds', { amount: 450 }, funded.state);
    expect(drawn.result.new_balance).toBe(19000);
    const history = ok('get_transaction_history', { start_date: '2024-10-15', end_date: '2024-11-30' }, drawn.state).result.transaction_history;
    expect(history.map((t: { type: string; amount: number }) => [t.type, t.amount])).toEqual([['withdrawal', 1750], ['deposit', 1200], ['withdrawal', 450]]);
    expect(ok('get_transaction_history').result.transaction_history).toHaveLength(3);
    expect(fails('get_transaction_history', { start_date: '01/10/2024' })).toMatch(/YYYY-MM-DD/);
  });

  it('places a buy order that holds its cost until it is cancelled', () => {
    const placed = ok('place_order', { order_type: 'buy', symbol: 'TSLA', price: 240, amount: 30 });
    expect(placed.result).toEqual({ order_id: 12447, order_type: 'Buy', status: 'Open', price: 240, amount: 30 });
    expect(ok('get_account_info', {}, placed.state).result.balance).toBe(11050);
    expect(ok('get_order_history', {}, placed.state).result.order_history.at(-1)).toBe(12447);
    const cancelled = ok('cancel_order', { order_id: 12447 }, placed.state);
    expect(cancelled.result).toEqual({ order_id: 12447, status: 'Cancelled' });
    expect(ok('get_order_details', { order_id: 12447 }, cancelled.state).result.status).toBe('Cancelled');
    expect(ok('get_account_info', {}, cancelled.state).result.balance).toBe(18250);
    expect(fails('cancel_order', { order_id: 12447 }, cancelled.state)).toMatch(/is Cancelled/);
  });

  it('refuses orders it cannot honour', () => {
    expect(fails('place_order', { order_type: 'Buy', symbol: 'OMEG', price: 457.23, amount: 50 })).toMatch(/Insufficient funds.*22861.5/);
    expect(fails('place_order', { order_type: 'Sell', symbol: 'MSFT', price: 410, amount: 25 })).toMatch(/at most 20 MSFT/);
    expect(fails('place_order', { order_type: 'Short', symbol: 'MSFT', price: 410, amount: 1 })).toMatch(/Buy" or "Sell/);
    expect(fails('place_order', { order_type: 'Buy', symbol: 'MSFT', price: 0, amount: 1 })).toMatch(/price must be greater than 0/);
    expect(fails('place_order', { order_type: 'Buy', symbol: 'MSFT', price: 410, amount: 1 }, loggedOut)).toMatch(/not logged in/);
    expect(fails('cancel_order', { order_id: 12345 })).toMatch(/Completed and can no longer be cancelled/);
    expect(fails('get_order_details', { order_id: 99 })).toMatch(/does not exist/);
  });

  it('queues orders while the market is closed and skips order ids already taken', () => {
    const closed = { ...initial, market_status: 'Closed', order_counter: 12446 };
    const placed = ok('place_order', { order_type: 'Sell', symbol: 'NVDA', price: 140, amount: 40 }, closed);
    expect(placed.result).toMatchObject({ order_id: 12447, status: 'Pending' });
    expect(fails('place_order', { order_type: 'Sell', symbol: 'NVDA', price: 140, amount: 1 }, placed.state)).toMatch(/at most 0 NVDA/);
  });

  it("reads BFCL's order shape and replays a ground-truth path on its initial_config", () => {
    const state = bfclState('multi_turn_base_102', 'TradingBot');
    expect(ok('get_order_details', { order_id: 12345 }, state).result).toEqual({ id: 12345, order_type: 'Buy', symbol: 'AAPL', price: 210.65, amount: 10, status: 'Completed' });
    const placed = ok('place_order', { order_type: 'Buy', symbol: 'TSLA', price: 700, amount: 100 }, state);
    expect(ok('get_order_details', { order_id: 12446 }, placed.state).result).toMatchObject({ symbol: 'TSLA', amount: 100, status: 'Open' });
    const cancelled = ok('cancel_order', { order_id: 12446 }, placed.state);
    expect(ok('get_account_info', {}, cancelled.state).result.balance).toBe(75000);
  });

  it('is pure and deterministic', () => {
    expectPure(initial, ['place_order', { order_type: 'Buy', symbol: 'AMZN', price: 195.78, amount: 12 }], ['withdraw_funds', { amount: 99999 }]);
  });
});
