import { describe, expect, it } from 'vitest';
import { loadToolkitHarness } from '../support/toolkit-harness.ts';

const { initial, ok, fails, chain, expectPure, bfclState } = await loadToolkitHarness('vehicle');

const ALL_DOORS = ['driver', 'passenger', 'rear_left', 'rear_right'];
const ready = chain([
  ['lockDoors', { unlock: false, door: ALL_DOORS }],
  ['pressBrakePedal', { pedalPosition: 1 }],
]).state;
const running = chain([['startEngine', { ignitionMode: 'START' }]], ready).state;

describe('vehicle toolkit', () => {
  it('starts only with doors locked and the brake pressed fully, as BFCL checks', () => {
    expect(ok('startEngine', { ignitionMode: 'START' }, ready).result).toEqual({ engineState: 'running', fuelLevel: 12.5, batteryVoltage: 12.6 });
    expect(fails('startEngine', { ignitionMode: 'START' }, chain([['pressBrakePedal', { pedalPosition: 1 }]]).state)).toMatch(/unlocked: driver, passenger/);
    expect(fails('startEngine', { ignitionMode: 'START' }, chain([['releaseBrakePedal']], ready).state)).toMatch(/Press the brake pedal/);
    expect(fails('startEngine', { ignitionMode: 'START' }, chain([['pressBrakePedal', { pedalPosition: 0.8 }]], ready).state)).toMatch(/fully/);
    // BFCL neither checks fuel or battery nor refuses a running engine.
    expect(ok('startEngine', { ignitionMode: 'START' }, running).result.engineState).toBe('running');
    expect(ok('startEngine', { ignitionMode: 'STOP' }, running).result.engineState).toBe('stopped');
    expect(fails('startEngine', { ignitionMode: 'STOP' })).toMatch(/already stopped/);
  });

  it('locks and unlocks doors and counts the ones left unlocked', () => {
    expect(ok('lockDoors', { unlock: false, door: ['driver'] }).result).toEqual({ lockStatus: 'locked', remainingUnlockedDoors: 1 });
    expect(ok('lockDoors', { unlock: true, door: ['rear_left', 'rear_right'] }).result).toEqual({ lockStatus: 'unlocked', remainingUnlockedDoors: 4 });
    expect(ok('lockDoors', { unlock: true, door: [] }).result.remainingUnlockedDoors).toBe(2);
    // BFCL moves its counter only for doors that change.
    expect(ok('lockDoors', { unlock: false, door: ['rear_left'] }).result.remainingUnlockedDoors).toBe(2);
  });

  it('presses and releases the brake pedal; braking leaves cruise control as it is (BFCL)', () => {
    expect(ok('pressBrakePedal', { pedalPosition: 0.4 }).result).toEqual({ brakePedalStatus: 'pressed', brakePedalForce: 400 });
    expect(fails('pressBrakePedal', { pedalPosition: 1.5 })).toMatch(/between 0 and 1/);
    expect(ok('releaseBrakePedal', {}, ready).result).toEqual({ brakePedalStatus: 'released', brakePedalForce: 0 });
    const cruising = ok('setCruiseControl', { speed: 65, activate: true, distanceToNextVehicle: 80 }, running);
    expect(cruising.result).toEqual({ cruiseStatus: 'active', currentSpeed: 65, distanceToNextVehicle: 80 });
    expect(ok('get_current_speed', {}, cruising.state).result.currentSpeed).toBe(65);
    const braked = ok('pressBrakePedal', { pedalPosition: 0.5 }, cruising.state);
    expect(braked.state.cruiseStatus).toBe('active');
  });

  it('sets cruise control only with the engine running and a speed in steps of 5', () => {
    expect(fails('setCruiseControl', { speed: 55, activate: true, distanceToNextVehicle: 60 })).toMatch(/Start the engine/);
    expect(fails('setCruiseControl', { speed: 57, activate: true, distanceToNextVehicle: 60 }, running)).toMatch(/multiple of 5/);
    expect(fails('setCruiseControl', { speed: 130, activate: true, distanceToNextVehicle: 60 }, running)).toMatch(/between 0 and 120/);
    expect(ok('setCruiseControl', { speed: 60, activate: false, distanceToNextVehicle: 40 }, running).result.cruiseStatus).toBe('inactive');
  });

  it("sets BFCL's fixed parking brake figures: 500 N engaged, 0 released, slope 10 degrees after either", () => {
    expect(ok('activateParkingBrake', { mode: 'engage' }).result).toEqual({ parkingBrakeStatus: 'engaged', _parkingBrakeForce: 500, _slopeAngle: 10 });
    expect(ok('activateParkingBrake', { mode: 'release' }).result).toEqual({ parkingBrakeStatus: 'released', _parkingBrakeForce: 0, _slopeAngle: 10 });
    expect(fails('activateParkingBrake', { mode: 'hold' })).toMatch(/engage or release/);
  });

  it('refuels up to the 50-gallon tank, engine running or not (BFCL)', () => {
    expect(ok('fillFuelTank', { fuelAmount: 20 }).result.fuelLevel).toBe(32.5);
    expect(fails('fillFuelTank', { fuelAmount: 40 })).toMatch(/at most 37.5 fit/);
    expect(fails('fillFuelTank', { fuelAmount: -1 })).toMatch(/negative/);
    expect(ok('fillFuelTank', { fuelAmount: 0 }).result.fuelLevel).toBe(12.5);
    expect(ok('fillFuelTank', { fuelAmount: 5 }, running).result.fuelLevel).toBe(17.5);
  });

  it('displays each aspect of the car status', () => {
    // BFCL answers the fields themselves, without a wrapper.
    const show = (option: string, state = initial) => ok('displayCarStatus', { option }, state).result;
    expect(show('fuel')).toEqual({ fuelLevel: 12.5 });
    expect(show('battery')).toEqual({ batteryVoltage: 12.6 });
    expect(show('doors', ready).doorStatus).toEqual({ driver: 'locked', passenger: 'locked', rear_left: 'locked', rear_right: 'locked' });
    expect(show('climate')).toEqual({ currentACTemperature: 21, fanSpeed: 40, climateMode: 'auto', humidityLevel: 48 });
    expect(show('headlights')).toEqual({ headlightStatus: 'off' });
    expect(show('parkingBrake')).toEqual({ parkingBrakeStatus: 'engaged', parkingBrakeForce: 620, slopeAngle: 4 });
    expect(show('brakePedal', ready)).toEqual({ brakePedalStatus: 'pressed', brakePedalForce: 1000 });
    expect(show('engine', running)).toEqual({ engineState: 'running' });
    expect(fails('displayCarStatus', { option: 'radio' })).toMatch(/Invalid option/);
    expect(show('fuel', { ...initial, long_context: true }).metadata).toMatchObject({ make: 'Volvo' });
  });

  it('adjusts climate in either unit and switches the headlights', () => {
    const heat = ok('adjustClimateControl', { temperature: 72, unit: 'fahrenheit', fanSpeed: 30, mode: 'heat' });
    expect(heat.result).toMatchObject({ climateMode: 'heat', humidityLevel: 48 });
    expect((heat.state as { acTemperature: number }).acTemperature).toBeCloseTo(22.222, 3);
    expect(ok('adjustClimateControl', { temperature: 19, mode: 'cool' }).result).toEqual({ currentACTemperature: 19, climateMode: 'cool', humidityLevel: 48 });
    expect(fails('adjustClimateControl', { temperature: 20, fanSpeed: 120 })).toMatch(/fanSpeed/);
    expect(ok('setHeadlights', { mode: 'auto' }).result.headlightStatus).toBe('off');
    expect(ok('setHeadlights', { mode: 'on' }).result.headlightStatus).toBe('on');
    expect(ok('setHeadlights', { mode: 'off' }).result.headlightStatus).toBe('off');
  });

  it('checks tires on their average pressure, finds a tire shop and navigates anywhere', () => {
    const tires = ok('check_tire_pressure').result;
    // Average 31.5 psi is healthy in BFCL although one tire reads 28.5; car_info only in long context.
    expect(tires).toMatchObject({ rearLeftTirePressure: 28.5, healthy_tire_pressure: true, car_info: {} });
    expect(ok('check_tire_pressure', {}, { ...initial, rearLeftTirePressure: 10 }).result.healthy_tire_pressure).toBe(false);
    expect(ok('check_tire_pressure', {}, { ...initial, long_context: true }).result.car_info).toMatchObject({ make: 'Volvo' });
    const shop = ok('find_nearest_tire_shop').result.shopLocation;
    const nav = ok('set_navigation', { destination: shop });
    expect(nav.result.status).toBe(`Navigating to ${shop}`);
    expect(nav.state.destination).toBe(shop);
    expect(ok('set_navigation', { destination: 'Paris' }).state.destination).toBe('Paris');
  });

  it("looks up BFCL's zip codes and road distances", () => {
    expect(ok('get_zipcode_based_on_city', { city: 'Rivermist' }).result.zipcode).toBe('83214');
    expect(ok('get_zipcode_based_on_city', { city: 'Gotham' }).result.zipcode).toBe('00000');
    expect(ok('estimate_distance', { cityA: '94016', cityB: '83214' }).result).toEqual({ distance: 980 });
    expect(ok('estimate_distance', { cityA: '51479', cityB: '69238' }).result.distance).toBe(630);
    expect(fails('estimate_distance', { cityA: '94016', cityB: '00000' })).toMatch(/not in the database/);
    expect(ok('estimate_distance', { cityA: '94016', cityB: '83214' }, { ...initial, long_context: true }).result.intermediaryCities).toContain('Rivermist');
  });

  it('judges drive feasibility at 20 miles per gallon and converts units', () => {
    expect(ok('estimate_drive_feasibility_by_mileage', { distance: 250 }).result.canDrive).toBe(true);
    expect(ok('estimate_drive_feasibility_by_mileage', { distance: 251 }).result.canDrive).toBe(false);
    expect(fails('estimate_drive_feasibility_by_mileage', { distance: -1 })).toMatch(/negative/);
    // BFCL's factors, unrounded.
    expect(ok('gallon_to_liter', { gallon: 30 }).result.liter).toBe(30 * 3.78541);
    expect(ok('liter_to_gallon', { liter: 20 }).result.gallon).toBe(20 * 0.264172);
  });

  it('reports the outside temperature and echoes log messages', () => {
    // BFCL's first draw on its seed: uniform(-10, 40).
    expect(ok('get_outside_temperature_from_google').result.outsideTemperature).toBe(36.63485703790535);
    expect(ok('get_outside_temperature_from_weather_com').result.outsideTemperature).toBe(18.5);
    expect(ok('display_log', { messages: ['Low tire pressure', 'Service due'] }).result.log).toEqual(['Low tire pressure', 'Service due']);
  });

  it('replays a BFCL ground-truth path on its initial_config', () => {
    let state = bfclState('multi_turn_base_63', 'VehicleControlAPI');
    state = chain(
      [
        ['fillFuelTank', { fuelAmount: 43.852552 }],
        ['activateParkingBrake', { mode: 'engage' }],
        ['lockDoors', { unlock: false, door: ALL_DOORS }],
        ['pressBrakePedal', { pedalPosition: 1 }],
      ],
      state,
    ).state;
    expect(ok('startEngine', { ignitionMode: 'START' }, state).result.engineState).toBe('running');
  });

  it('is pure and deterministic', () => {
    expectPure(initial, ['lockDoors', { unlock: false, door: ALL_DOORS }], ['fillFuelTank', { fuelAmount: 10 }]);
  });
});
