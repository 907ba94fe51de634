// Generated from toolkits/travel/toolkit.yaml by `npm run toolkit-args`; do not edit (a test compares it with the YAML).
// The arguments of each function as its `parameters` schema declares them; the environment checks every call
// against that schema before the simulator sees it.
export type Args = {
  authenticate_travel: { client_id: string; client_secret: string; refresh_token: string; grant_type: 'read_write' | 'read' | 'write'; user_first_name: string; user_last_name: string };
  travel_get_login_status: Record<string, never>;
  list_all_airports: Record<string, never>;
  get_nearest_airport_by_city: { location: 'Rivermist' | 'Stonebrook' | 'Maplecrest' | 'Silverpine' | 'Shadowridge' | 'London' | 'Paris' | 'Sunset Valley' | 'Oakendale' | 'Willowbend' | 'Crescent Hollow' | 'Autumnville' | 'Pinehaven' | 'Greenfield' | 'San Francisco' | 'Los Angeles' | 'New York' | 'Chicago' | 'Boston' | 'Beijing' | 'Hong Kong' | 'Rome' | 'Tokyo' };
  get_flight_cost: { travel_from: string; travel_to: string; travel_date: string; travel_class: 'economy' | 'business' | 'first' };
  compute_exchange_rate: { base_currency: 'USD' | 'RMB' | 'EUR' | 'JPY' | 'GBP' | 'CAD' | 'AUD' | 'INR' | 'RUB' | 'BRL' | 'MXN'; target_currency: 'USD' | 'RMB' | 'EUR' | 'JPY' | 'GBP' | 'CAD' | 'AUD' | 'INR' | 'RUB' | 'BRL' | 'MXN'; value: number };
  get_budget_fiscal_year: { lastModifiedAfter?: string; includeRemoved?: string };
  set_budget_limit: { access_token: string; budget_limit: number };
  get_all_credit_cards: Record<string, never>;
  get_credit_card_balance: { access_token: string; card_id: string };
  register_credit_card: { access_token: string; card_number: string; expiration_date: string; cardholder_name: string; card_verification_number: number };
  verify_traveler_information: { first_name: string; last_name: string; date_of_birth: string; passport_number: string };
  book_flight: { access_token: string; card_id: string; travel_date: string; travel_from: string; travel_to: string; travel_class: 'economy' | 'business' | 'first' };
  get_booking_history: { access_token: string };
  cancel_booking: { access_token: string; booking_id: string };
  purchase_insurance: { access_token: string; insurance_type: string; insurance_cost: number; booking_id: string; card_id: string };
  retrieve_invoice: { access_token: string; booking_id?: string; insurance_id?: string };
  contact_customer_support: { booking_id: string; message: string };
};
