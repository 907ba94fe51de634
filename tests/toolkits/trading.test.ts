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
    // BFCL answers a logout while logged out with a status, not an error.
    expect(ok('trading_logout', {}, out.state).result.status).toBe('No user is currently logged in');
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
    expect(history.map((t: { type: string; amount: number }) => [t.type, t.amount])).toEqual([
      ['withdrawal', 1750],
      ['deposit', 1200],
      ['withdrawal', 450],
    ]);
    expect(ok('get_transaction_history').result.transaction_history).toHaveLength(3);
    expect(fails('get_transaction_history', { start_date: '01/10/2024' })).toMatch(/YYYY-MM-DD/);
    // Stamped as BFCL stamps them: a second drawn on its seed within the day after the clock.
    expect(ok('fund_account', { amount: 1 }, { ...initial, current_datetime: '2024-09-01 10:30:00' }).state.transaction_history).toContainEqual({
      type: 'deposit',
      amount: 1,
      timestamp: '2024-09-02 05:40:15',
    });
    expect(fails('withdraw_funds', { amount: 1 }, { ...initial, market_status: 'Closed' })).toMatch(/market is closed/);
  });

  it('places orders as BFCL does: recorded Open under order_counter, answered Pending, no cash held', () => {
    const placed = ok('place_order', { order_type: 'Buy', symbol: 'TSLA', price: 240, amount: 30 });
    expect(placed.result).toEqual({ order_id: 12447, order_type: 'Buy', status: 'Pending', price: 240, amount: 30 });
    expect(ok('get_order_details', { order_id: 12447 }, placed.state).result).toEqual({ id: 12447, order_type: 'Buy', symbol: 'TSLA', price: 240, amount: 30, status: 'Open' });
    expect(ok('get_account_info', {}, placed.state).result.balance).toBe(18250);
    expect(ok('get_order_history', {}, placed.state).result.order_history.at(-1)).toBe(12447);
    const cancelled = ok('cancel_order', { order_id: 12447 }, placed.state);
    expect(cancelled.result).toEqual({ order_id: 12447, status: 'Cancelled' });
    expect(ok('get_order_details', { order_id: 12447 }, cancelled.state).result.status).toBe('Cancelled');
    expect(fails('cancel_order', { order_id: 12345 })).toMatch(/already completed/);
  });

  it('refuses only what BFCL refuses: a session, a listed symbol, positive price and amount', () => {
    // No balance or holdings check, as in BFCL.
    expect(ok('place_order', { order_type: 'Buy', symbol: 'OMEG', price: 457.23, amount: 50 }).result.status).toBe('Pending');
    expect(ok('place_order', { order_type: 'Sell', symbol: 'MSFT', price: 410, amount: 25 }).result.status).toBe('Pending');
    expect(fails('place_order', { order_type: 'Buy', symbol: 'MSFX', price: 410, amount: 1 })).toMatch(/Invalid stock symbol/);
    expect(fails('place_order', { order_type: 'Buy', symbol: 'MSFT', price: 0, amount: 1 })).toMatch(/must be positive/);
    expect(fails('place_order', { order_type: 'Buy', symbol: 'MSFT', price: 410, amount: 1 }, loggedOut)).toMatch(/not logged in/);
    expect(fails('get_order_details', { order_id: 99 })).toMatch(/not found/);
  });

  it('overwrites the order under order_counter, as BFCL does when the counter names an existing order', () => {
    const placed = ok('place_order', { order_type: 'Sell', symbol: 'NVDA', price: 140, amount: 40 }, { ...initial, order_counter: 12411 });
    expect(placed.result.order_id).toBe(12411);
    expect(ok('get_order_details', { order_id: 12411 }, placed.state).result).toMatchObject({ symbol: 'NVDA', status: 'Open' });
  });

  it("shows BFCL's stored order shape and replays a ground-truth path on its initial_config", () => {
    const state = bfclState('multi_turn_base_111', 'TradingBot');
    expect(ok('get_order_details', { order_id: 12345 }, state).result).toEqual({ symbol: 'AAPL', price: 210.65, num_shares: 10, status: 'Completed' });
    const base = bfclState('multi_turn_base_102', 'TradingBot');
    const placed = ok('place_order', { order_type: 'Buy', symbol: 'TSLA', price: 700, amount: 100 }, base);
    expect(ok('get_order_details', { order_id: 12446 }, placed.state).result).toMatchObject({ symbol: 'TSLA', amount: 100, status: 'Open' });
    const cancelled = ok('cancel_order', { order_id: 12446 }, placed.state);
    expect(ok('get_account_info', {}, cancelled.state).result.balance).toBe(75000);
  });

  it('is pure and deterministic', () => {
    expectPure(initial, ['place_order', { order_type: 'Buy', symbol: 'AMZN', price: 195.78, amount: 12 }], ['withdraw_funds', { amount: 99999 }]);
  });
});
