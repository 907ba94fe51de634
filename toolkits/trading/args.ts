// Generated from toolkits/trading/toolkit.yaml by `npm run toolkit-args`; do not edit (a test compares it with the YAML).
// The arguments of each function as its `parameters` schema declares them; the environment checks every call
// against that schema before the simulator sees it.
export type Args = {
  trading_login: { username: string; password: string };
  trading_logout: Record<string, never>;
  trading_get_login_status: Record<string, never>;
  get_current_time: Record<string, never>;
  get_stock_info: { symbol: string };
  get_symbol_by_name: { name: string };
  get_available_stocks: { sector: string };
  filter_stocks_by_price: { stocks: string[]; min_price: number; max_price: number };
  notify_price_change: { stocks: string[]; threshold: number };
  get_watchlist: Record<string, never>;
  add_to_watchlist: { stock: string };
  remove_stock_from_watchlist: { symbol: string };
  get_account_info: Record<string, never>;
  fund_account: { amount: number };
  withdraw_funds: { amount: number };
  get_transaction_history: { start_date?: string; end_date?: string };
  place_order: { order_type: string; symbol: string; price: number; amount: number };
  get_order_details: { order_id: number };
  get_order_history: Record<string, never>;
  cancel_order: { order_id: number };
};
