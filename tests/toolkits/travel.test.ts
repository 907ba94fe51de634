import { describe, expect, it } from 'vitest';
import { expectOpaqueId, loadToolkitHarness } from '../support/toolkit-harness.ts';

const { ok, fails, expectPure, bfclState } = await loadToolkitHarness('travel');

const credentials = { client_id: 'app-4417-travel', client_secret: 's3cr3t-Quill-88', refresh_token: 'rt_77f2c1a0', grant_type: 'read_write', user_first_name: 'Priya', user_last_name: 'Raman' };
const auth = ok('authenticate_travel', credentials);
const token = auth.result.access_token as string;
const signedIn = auth.state;
const trip = { travel_date: '2026-04-09', travel_from: 'SFO', travel_to: 'LAX', travel_class: 'business' };
const booked = ok('book_flight', { access_token: token, card_id: 'card_4821', ...trip }, signedIn);
const bookingId = booked.result.booking_id as string;

describe('travel toolkit', () => {
  it('authenticates with an opaque token tied to the credentials', () => {
    expect(ok('travel_get_login_status').result.status).toBe(false);
    expect(auth.result).toMatchObject({ token_type: 'Bearer', scope: 'read_write', expires_in: 7200 });
    expectOpaqueId(token, 'tok');
    expect(ok('travel_get_login_status', {}, signedIn).result.status).toBe(true);
    const other = ok('authenticate_travel', { ...credentials, client_secret: 'another' }).result.access_token;
    expect(other).not.toBe(token);
    expect(fails('authenticate_travel', { ...credentials, client_id: ' ' })).toMatch(/client_id must not be empty/);
  });

  it('rejects account calls without a valid token or with a read-only one', () => {
    expect(fails('get_booking_history', { access_token: 'abc' })).toMatch(/not authenticated/);
    expect(fails('get_booking_history', { access_token: 'abc' }, signedIn)).toMatch(/invalid/);
    const reader = ok('authenticate_travel', { ...credentials, grant_type: 'read' });
    expect(ok('get_booking_history', { access_token: reader.result.access_token }, reader.state).result.booking_history).toHaveProperty('bk_5e0c2f91d7a4');
    expect(fails('set_budget_limit', { access_token: reader.result.access_token, budget_limit: 100 }, reader.state)).toMatch(/read-only/);
  });

  it('lists airports, finds the nearest one and prices flights by distance, class and weekday', () => {
    expect(ok('list_all_airports').result.airports.slice(0, 2)).toEqual(['RMS', 'SBK']);
    expect(ok('get_nearest_airport_by_city', { location: 'Rome' }).result.nearest_airport).toBe('CIA');
    expect(fails('get_nearest_airport_by_city', { location: 'Atlantis' })).toMatch(/Known locations/);
    const cost = (c: Record<string, string>) => ok('get_flight_cost', { ...trip, ...c }).result.travel_cost_list[0] as number;
    expect(cost({ travel_class: 'economy' })).toBe(110);
    expect(cost({})).toBeGreaterThan(cost({ travel_class: 'economy' }));
    expect(cost({ travel_class: 'first' })).toBeGreaterThan(cost({}));
    expect(cost({ travel_date: '2026-04-11' })).toBeGreaterThan(cost({}));
    expect(cost({ travel_to: 'JFK' })).toBeGreaterThan(cost({}));
    expect(fails('get_flight_cost', { ...trip, travel_date: '2025-12-24' })).toMatch(/in the past/);
    expect(fails('get_flight_cost', { ...trip, travel_date: '2026-02-30' })).toMatch(/real date/);
    expect(fails('get_flight_cost', { ...trip, travel_to: 'SFO' })).toMatch(/two different airports/);
    expect(fails('get_flight_cost', { ...trip, travel_to: 'SEA' })).toMatch(/Unknown airport code/);
  });

  it('converts currencies and reports fiscal years', () => {
    expect(ok('compute_exchange_rate', { base_currency: 'RMB', target_currency: 'USD', value: 20000 }).result.exchanged_value).toBe(2857.14);
    expect(ok('compute_exchange_rate', { base_currency: 'USD', target_currency: 'EUR', value: 100 }).result.exchanged_value).toBe(92);
    expect(ok('get_budget_fiscal_year').result.budget_fiscal_year).toBe('2026');
    expect(ok('get_budget_fiscal_year', { lastModifiedAfter: '2024-12-01T00:00:00', includeRemoved: 'true' }).result.budget_fiscal_year).toBe('2026');
    expect(fails('get_budget_fiscal_year', { lastModifiedAfter: '2026-06-01T00:00:00' })).toMatch(/No budget fiscal year/);
    expect(fails('get_budget_fiscal_year', { includeRemoved: 'maybe' })).toMatch(/"true" or "false"/);
  });

  it('sets the budget and registers cards under opaque ids', () => {
    expect(ok('set_budget_limit', { access_token: token, budget_limit: 2500 }, signedIn).result.budget_limit).toBe(2500);
    expect(fails('set_budget_limit', { access_token: token, budget_limit: -1 }, signedIn)).toMatch(/negative/);
    const card = { access_token: token, card_number: '4929 1180 6632 7415', expiration_date: '11/2029', cardholder_name: 'Priya Raman', card_verification_number: 584 };
    const reg = ok('register_credit_card', card, signedIn);
    expectOpaqueId(reg.result.card_id, 'card', '7415');
    expect(ok('register_credit_card', { ...card, card_number: '4929 1180 6632 7416' }, signedIn).result.card_id).not.toBe(reg.result.card_id);
    expect(ok('get_credit_card_balance', { access_token: token, card_id: reg.result.card_id }, reg.state).result.card_balance).toBe(10000);
    expect(Object.keys(ok('get_all_credit_cards', {}, reg.state).result.credit_card_list)).toHaveLength(3);
    expect(fails('register_credit_card', card, reg.state)).toMatch(/already registered/);
    expect(fails('register_credit_card', { ...card, card_number: '1234' }, signedIn)).toMatch(/12 to 19 digits/);
    expect(fails('register_credit_card', { ...card, expiration_date: '2029-11' }, signedIn)).toMatch(/MM\/YYYY/);
    expect(fails('get_credit_card_balance', { access_token: token, card_id: 'card_9' }, signedIn)).toMatch(/not registered/);
  });

  it('verifies the traveler against the account holder, age and passport format', () => {
    const who = { first_name: 'Priya', last_name: 'Raman', date_of_birth: '1990-07-09', passport_number: 'K4831927' };
    expect(ok('verify_traveler_information', who).result).toEqual({ verification_status: true });
    expect(ok('verify_traveler_information', { ...who, last_name: 'Smith' }).result.verification_failure).toMatch(/not the account holder/);
    expect(ok('verify_traveler_information', { ...who, date_of_birth: '2010-02-01' }).result.verification_failure).toMatch(/18/);
    expect(ok('verify_traveler_information', { ...who, passport_number: 'P-1' }).result.verification_status).toBe(false);
    expect(fails('verify_traveler_information', { ...who, date_of_birth: '09/07/1990' })).toMatch(/YYYY-MM-DD/);
  });

  it('books a flight on a card, with opaque booking and transaction ids', () => {
    expectOpaqueId(bookingId, 'bk');
    expectOpaqueId(booked.result.transaction_id, 'tx');
    expect(booked.result.transaction_id.slice(3)).not.toBe(bookingId.slice(3));
    expect(booked.result.booking_history).toMatchObject({ booking_id: bookingId, travel_cost: 285, travel_class: 'business' });
    expect(ok('get_credit_card_balance', { access_token: token, card_id: 'card_4821' }, booked.state).result.card_balance).toBe(5915);
    expect(ok('get_booking_history', { access_token: token }, booked.state).result.booking_history).toHaveProperty(bookingId);
    const again = ok('book_flight', { access_token: token, card_id: 'card_4821', ...trip, travel_date: '2026-04-10' }, signedIn);
    expect(again.result.booking_id).not.toBe(bookingId);
    expect(fails('book_flight', { access_token: token, card_id: 'card_0937', ...trip, travel_class: 'first' }, signedIn)).toMatch(/Insufficient funds on card card_0937/);
    expect(fails('book_flight', { access_token: token, card_id: 'card_1', ...trip }, signedIn)).toMatch(/not registered/);
  });

  it('insures a booking once and finds the invoice by booking or insurance id', () => {
    const ins = ok('purchase_insurance', { access_token: token, insurance_type: 'comprehensive', insurance_cost: 120, booking_id: bookingId, card_id: 'card_4821' }, booked.state);
    expectOpaqueId(ins.result.insurance_id, 'ins');
    const byInsurance = ok('retrieve_invoice', { access_token: token, insurance_id: ins.result.insurance_id }, ins.state).result.invoice;
    expect(byInsurance).toMatchObject({ booking_id: bookingId, travel_from: 'SFO', travel_to: 'LAX', travel_cost: 285, insurance_cost: 120 });
    expect(ok('retrieve_invoice', { access_token: token, booking_id: bookingId }, ins.state).result.invoice).toEqual(byInsurance);
    expect(fails('purchase_insurance', { access_token: token, insurance_type: 'medical', insurance_cost: 50, booking_id: bookingId, card_id: 'card_4821' }, ins.state)).toMatch(/already insured/);
    expect(fails('purchase_insurance', { access_token: token, insurance_type: 'medical', insurance_cost: 400, booking_id: bookingId, card_id: 'card_0937' }, booked.state)).toMatch(/Insufficient funds/);
    expect(fails('retrieve_invoice', { access_token: token }, ins.state)).toMatch(/booking_id or an insurance_id/);
    expect(fails('retrieve_invoice', { access_token: token, insurance_id: 'ins_x' }, ins.state)).toMatch(/No booking is insured/);
  });

  it('cancels a booking with a refund to its card', () => {
    const cancelled = ok('cancel_booking', { access_token: token, booking_id: bookingId }, booked.state);
    expect(cancelled.result).toEqual({ cancel_status: true });
    expect(ok('get_credit_card_balance', { access_token: token, card_id: 'card_4821' }, cancelled.state).result.card_balance).toBe(6200);
    expect(fails('retrieve_invoice', { access_token: token, booking_id: bookingId }, cancelled.state)).toMatch(/does not exist/);
    expect(fails('cancel_booking', { access_token: token, booking_id: bookingId }, cancelled.state)).toMatch(/does not exist/);
  });

  it('puts customer support on the line for an existing booking', () => {
    const reply = ok('contact_customer_support', { booking_id: 'bk_5e0c2f91d7a4', message: 'Window seat please.' }).result.customer_support_message;
    expect(reply).toContain('bk_5e0c2f91d7a4');
    expect(reply).toContain('Window seat please.');
    expect(fails('contact_customer_support', { booking_id: 'bk_nope', message: 'hi' })).toMatch(/does not exist/);
    expect(fails('contact_customer_support', { booking_id: 'bk_5e0c2f91d7a4', message: ' ' })).toMatch(/must not be empty/);
  });

  it("reads the varied booking fields of BFCL's initial_config", () => {
    const state = bfclState('multi_turn_base_178', 'TravelAPI');
    const access_token = state.access_token as string;
    const ins = ok('purchase_insurance', { access_token, insurance_type: 'comprehensive', booking_id: 'flight_001', insurance_cost: 200, card_id: '12345' }, state);
    expect(ok('retrieve_invoice', { access_token, booking_id: 'flight_001' }, ins.state).result.invoice).toMatchObject({ travel_from: 'New York', travel_to: 'Rome', travel_cost: 1200.5, transaction_id: '12345', insurance_cost: 200 });
    const cancelled = ok('cancel_booking', { access_token, booking_id: 'flight_001' }, ins.state);
    expect(ok('get_credit_card_balance', { access_token, card_id: '12345' }, cancelled.state).result.card_balance).toBe(51000.5);
  });

  it('is pure and deterministic', () => {
    expectPure(signedIn, ['book_flight', { access_token: token, card_id: 'card_4821', ...trip }], ['cancel_booking', { access_token: token, booking_id: 'bk_5e0c2f91d7a4' }]);
  });
});
