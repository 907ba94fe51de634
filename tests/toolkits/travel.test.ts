import { describe, expect, it } from 'vitest';
import { loadToolkitHarness } from '../support/toolkit-harness.ts';
import { PythonRandom } from '../../pipeline/world/python-random.ts';

const { initial, ok, fails, expectPure, bfclState } = await loadToolkitHarness('travel');

const credentials = { client_id: 'app-4417-travel', client_secret: 's3cr3t-Quill-88', refresh_token: 'rt_77f2c1a0', grant_type: 'read_write', user_first_name: 'Priya', user_last_name: 'Raman' };
const auth = ok('authenticate_travel', credentials);
const token = auth.result.access_token as string;
const signedIn = auth.state;
// 2026-04-09: digits add up to 23 (odd), so no date doubling; SFO→LAX business = 200 × 2.
const trip = { travel_date: '2026-04-09', travel_from: 'SFO', travel_to: 'LAX', travel_class: 'business' };
const booked = ok('book_flight', { access_token: token, card_id: 'card_4821', ...trip }, signedIn);
const bookingId = booked.result.booking_id as string;

describe('travel toolkit (BFCL TravelAPI behaviour)', () => {
  it("draws ids from Python's generator on BFCL's seed, as BFCL's ground truth writes them", () => {
    const r = new PythonRandom(141053);
    expect([r.randint(100000, 999999), r.randint(100000000000, 999999999999), r.randint(10000, 99999)]).toEqual([251675, 391310425148, 58617]);
    expect(auth.result).toEqual({ expires_in: 2, access_token: '251675', token_type: 'Bearer', scope: 'read_write' });
    // Without a login first, the first draw goes to the booking and the second to the transaction.
    const direct = ok('book_flight', { access_token: 'tk', card_id: 'card_4821', ...trip }, { ...initial, access_token: 'tk', token_expires_in: 2 });
    expect([direct.result.booking_id, direct.result.transaction_id]).toEqual(['3426812', '45451592']);
    expect(booked.result.booking_id).not.toBe(direct.result.booking_id);
  });

  it('checks the session as BFCL does: expired, then a token that is not the current one', () => {
    expect(fails('set_budget_limit', { access_token: 'x', budget_limit: 10 })).toMatch(/Invalid access token/);
    expect(fails('set_budget_limit', { access_token: token, budget_limit: 10 }, { ...signedIn, token_expires_in: 0 })).toMatch(/expired/);
    expect(fails('register_credit_card', { access_token: 'x', card_number: '1', expiration_date: '01/2030', cardholder_name: 'P', card_verification_number: 1 })).toMatch(/authenticate_travel first/);
    expect(ok('travel_get_login_status').result.status).toBe(false);
    expect(ok('travel_get_login_status', {}, signedIn).result.status).toBe(true);
  });

  it("prices flights from BFCL's route table, class factor and date parity", () => {
    const cost = (a: Record<string, unknown>) => ok('get_flight_cost', a).result.travel_cost_list;
    expect(cost({ travel_from: 'RMS', travel_to: 'SBK', travel_date: '2026-10-06', travel_class: 'economy' })).toEqual([220]);
    expect(cost({ travel_from: 'SFO', travel_to: 'LAX', travel_date: '2026-11-10', travel_class: 'business' })).toEqual([400]);
    // 2026-11-11: digit sum 14 is even, so the fare doubles; first class is 5×.
    expect(cost({ travel_from: 'SFO', travel_to: 'LAX', travel_date: '2026-11-11', travel_class: 'first' })).toEqual([2000]);
    expect(fails('get_flight_cost', { travel_from: 'LAX', travel_to: 'RMS', travel_date: '2026-11-10', travel_class: 'coach' })).toMatch(/Invalid travel class/);
    expect(fails('get_flight_cost', { travel_from: 'BOS', travel_to: 'LHR', travel_date: '2026-11-10', travel_class: 'economy' })).toMatch(/No available route/);
    expect(ok('list_all_airports').result.airports.slice(5, 7)).toEqual(['CDG', 'LHR']);
    expect(ok('get_nearest_airport_by_city', { location: 'Crescent Hollow' }).result.nearest_airport).toBe('CRH');
    expect(ok('get_nearest_airport_by_city', { location: 'Atlantis' }).result.nearest_airport).toBe('Unknown');
  });

  it('converts currencies against USD only, rounding the inverse to cents', () => {
    expect(ok('compute_exchange_rate', { base_currency: 'USD', target_currency: 'EUR', value: 400 }).result.exchanged_value).toBe(320);
    expect(ok('compute_exchange_rate', { base_currency: 'GBP', target_currency: 'USD', value: 15400 }).result.exchanged_value).toBe(22000);
    expect(ok('compute_exchange_rate', { base_currency: 'RMB', target_currency: 'USD', value: 100 }).result.exchanged_value).toBe(14.29);
    expect(fails('compute_exchange_rate', { base_currency: 'EUR', target_currency: 'GBP', value: 1 })).toMatch(/USD only/);
    expect(ok('get_budget_fiscal_year', { lastModifiedAfter: '2025-07-01T00:00:00' }).result.budget_fiscal_year).toBe('2026');
  });

  it('registers a card under a drawn 12-digit id with a drawn balance', () => {
    const reg = ok(
      'register_credit_card',
      { access_token: token, card_number: '4012888888881881', expiration_date: '12/2028', cardholder_name: 'Priya Raman', card_verification_number: 465 },
      signedIn,
    );
    expect(reg.result).toEqual({ card_id: '391310425148' });
    expect((reg.state as any).credit_card_list['391310425148'].balance).toBe(58617);
    expect(ok('set_budget_limit', { access_token: token, budget_limit: 900 }, signedIn).state.budget_limit).toBe(900);
  });

  it('verifies the traveler: same names, adult at current_date, a US passport', () => {
    const base = { first_name: 'Priya', last_name: 'Raman', date_of_birth: '1990-02-11', passport_number: 'US1234567' };
    expect(ok('verify_traveler_information', base).result).toEqual({ verification_status: true });
    expect(ok('verify_traveler_information', { ...base, passport_number: 'P87654321' }).result.verification_failure).toMatch(/United States/);
    expect(ok('verify_traveler_information', { ...base, date_of_birth: '2010-05-01' }).result.verification_failure).toMatch(/18/);
    expect(ok('verify_traveler_information', { ...base, first_name: 'Mia' }).result.verification_failure).toMatch(/Priya Raman.*Mia Raman/);
  });

  it('books on a card: charges the fare, records the booking, answers an empty history', () => {
    expect(booked.result.booking_status).toBe(true);
    expect(booked.result.booking_history).toEqual({});
    expect((booked.state as any).credit_card_list.card_4821.balance).toBe(6200 - 400);
    expect((booked.state as any).booking_record[bookingId]).toEqual({ card_id: 'card_4821', ...trip, travel_cost: 400, transaction_id: booked.result.transaction_id });
    expect(fails('book_flight', { access_token: token, card_id: 'card_0937', ...trip }, signedIn)).toMatch(/Insufficient funds/);
    // BFCL's rule: the card balance itself must reach the budget limit.
    expect(fails('book_flight', { access_token: token, card_id: 'card_4821', ...trip }, { ...signedIn, budget_limit: 7000 })).toMatch(/budget limit/);
    const long = ok('book_flight', { access_token: token, card_id: 'card_4821', ...trip }, { ...signedIn, long_context: true });
    expect(Object.keys(long.result.booking_history)).toContain(long.result.booking_id);
  });

  it('insures within the budget limit, invoices and cancels by booking id', () => {
    const ins = ok('purchase_insurance', { access_token: token, insurance_type: 'comprehensive', insurance_cost: 120, booking_id: bookingId, card_id: 'card_4821' }, booked.state);
    expect(ins.result.insurance_status).toBe(true);
    expect(ins.result.insurance_id).toMatch(/^\d{9}$/);
    expect(fails('purchase_insurance', { access_token: token, insurance_type: 'x', insurance_cost: 5000, booking_id: bookingId, card_id: 'card_4821' }, booked.state)).toMatch(/budget limit/);
    const invoice = ok('retrieve_invoice', { access_token: token, booking_id: bookingId }, booked.state).result.invoice;
    expect(invoice).toEqual({ booking_id: bookingId, ...trip, travel_cost: 400, transaction_id: booked.result.transaction_id });
    const cancelled = ok('cancel_booking', { access_token: token, booking_id: bookingId }, booked.state);
    expect(cancelled.result).toEqual({ cancel_status: true });
    expect((cancelled.state as any).credit_card_list.card_4821.balance).toBe(6200);
    expect(fails('contact_customer_support', { booking_id: bookingId, message: 'hi' }, cancelled.state)).toMatch(/not found/);
    expect(ok('contact_customer_support', { booking_id: bookingId, message: 'hi' }, booked.state).result.customer_support_message).toMatch(/customer support/);
  });

  it('replays a BFCL entry on its initial_config (multi_turn_base_151)', () => {
    const state = bfclState('multi_turn_base_151', 'TravelAPI');
    const trip151 = { travel_date: '2026-11-10', travel_from: 'SFO', travel_to: 'LAX', travel_class: 'business' };
    const b = ok('book_flight', { access_token: 'abc123xyz', card_id: '144756014165', ...trip151 }, state);
    expect(b.result.booking_id).toBe('3426812');
    expect(ok('cancel_booking', { access_token: 'abc123xyz', booking_id: '3426812' }, b.state).result).toEqual({ cancel_status: true });
  });

  it('is pure and deterministic', () => {
    expectPure(signedIn, ['book_flight', { access_token: token, card_id: 'card_4821', ...trip }], ['cancel_booking', { access_token: token, booking_id: 'bk_5e0c2f91d7a4' }]);
  });
});
