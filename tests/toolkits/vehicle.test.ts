import { describe, expect, it } from 'vitest';
import { loadToolkitHarness } from '../support/toolkit-harness.ts';

const { initial, ok, fails, chain, expectPure, bfclState } = await loadToolkitHarness('vehicle');

const ALL_DOORS = ['driver', 'passenger', 'rear_left', 'rear_right'];
const ready = chain([['lockDoors', { unlock: false, door: ALL_DOORS }], ['pressBrakePedal', { pedalPosition: 1 }]]).state;
const running = chain([['startEngine', { ignitionMode: 'START' }]], ready).state;

describe('vehicle toolkit', () => {
  it('starts only with doors locked, the brake pressed, fuel and battery', () => {
    expect(ok('startEngine', { ignitionMode: 'START' }, ready).result).toEqual({ engineState: 'running', fuelLevel: 12.5, batteryVoltage: 12.6 });
    expect(fails('startEngine', { ignitionMode: 'START' }, chain([['pressBrakePedal', { pedalPosition: 1 }]]).state)).toMatch(/unlocked: driver, passenger/);
    expect(fails('startEngine', { ignitionMode: 'START' }, chain([['releaseBrakePedal']], ready).state)).toMatch(/Press the brake pedal/);
    expect(fails('startEngine', { ignitionMode: 'START' }, { ...ready, fuelLevel: 0 })).toMatch(/tank is empty/);
    expect(fails('startEngine', { ignitionMode: 'START' }, { ...ready, batteryVoltage: 11.2 })).toMatch(/battery is too weak/);
    expect(fails('startEngine', { ignitionMode: 'START' }, running)).toMatch(/already running/);
    expect(ok('startEngine', { ignitionMode: 'STOP' }, running).result.engineState).toBe('stopped');
    expect(fails('startEngine', { ignitionMode: 'STOP' })).toMatch(/already stopped/);
  });

  it('locks and unlocks doors and counts the ones left unlocked', () => {
    expect(ok('lockDoors', { unlock: false, door: ['driver'] }).result).toEqual({ lockStatus: 'locked', remainingUnlockedDoors: 1 });
    expect(ok('lockDoors', { unlock: true, door: ['rear_left', 'rear_right'] }).result).toEqual({ lockStatus: 'unlocked', remainingUnlockedDoors: 4 });
    expect(fails('lockDoors', { unlock: true, door: [] })).toMatch(/at least one door/);
  });

  it('presses and releases the brake pedal, and braking cancels cruise control', () => {
    expect(ok('pressBrakePedal', { pedalPosition: 0.4 }).result).toEqual({ brakePedalStatus: 'pressed', brakePedalForce: 400 });
    expect(fails('pressBrakePedal', { pedalPosition: 1.5 })).toMatch(/between 0 and 1/);
    expect(ok('releaseBrakePedal', {}, ready).result).toEqual({ brakePedalStatus: 'released', brakePedalForce: 0 });
    const cruising = ok('setCruiseControl', { speed: 65, activate: true, distanceToNextVehicle: 80 }, running);
    expect(cruising.result).toEqual({ cruiseStatus: 'active', currentSpeed: 65, distanceToNextVehicle: 80 });
    expect(ok('get_current_speed', {}, cruising.state).result.currentSpeed).toBe(65);
    const braked = ok('pressBrakePedal', { pedalPosition: 0.5 }, cruising.state);
    expect(braked.state.cruiseStatus).toBe('inactive');
  });

  it('sets cruise control only with the engine running and a speed in steps of 5', () => {
    expect(fails('setCruiseControl', { speed: 55, activate: true, distanceToNextVehicle: 60 })).toMatch(/Start the engine/);
    expect(fails('setCruiseControl', { speed: 57, activate: true, distanceToNextVehicle: 60 }, running)).toMatch(/multiple of 5/);
    expect(fails('setCruiseControl', { speed: 130, activate: true, distanceToNextVehicle: 60 }, running)).toMatch(/between 0 and 120/);
    expect(ok('setCruiseControl', { speed: 60, activate: false, distanceToNextVehicle: 40 }, running).result.cruiseStatus).toBe('inactive');
  });

  it('holds the parking brake harder on a slope and refuses it while moving', () => {
    expect(ok('activateParkingBrake', { mode: 'engage' }).result).toEqual({ parkingBrakeStatus: 'engaged', _parkingBrakeForce: 620, _slopeAngle: 4 });
    expect(ok('activateParkingBrake', { mode: 'engage' }, { ...initial, slopeAngle: 10 }).result._parkingBrakeForce).toBe(800);
    expect(ok('activateParkingBrake', { mode: 'release' }).result).toEqual({ parkingBrakeStatus: 'released', _parkingBrakeForce: 0, _slopeAngle: 4 });
    expect(fails('activateParkingBrake', { mode: 'engage' }, { ...initial, currentSpeed: 40 })).toMatch(/moving/);
  });

  it('refuels a stopped car up to the 50-gallon tank', () => {
    expect(ok('fillFuelTank', { fuelAmount: 20 }).result.fuelLevel).toBe(32.5);
    expect(fails('fillFuelTank', { fuelAmount: 40 })).toMatch(/at most 37.5 fit/);
    expect(fails('fillFuelTank', { fuelAmount: 0 })).toMatch(/greater than 0/);
    expect(fails('fillFuelTank', { fuelAmount: 5 }, running)).toMatch(/Stop the engine/);
  });

  it('displays each aspect of the car status', () => {
    const show = (option: string, state = initial) => ok('displayCarStatus', { option }, state).result.status;
    expect(show('fuel')).toEqual({ fuelLevel: 12.5 });
    expect(show('battery')).toEqual({ batteryVoltage: 12.6 });
    expect(show('doors', ready).doorStatus).toEqual({ driver: 'locked', passenger: 'locked', rear_left: 'locked', rear_right: 'locked' });
    expect(show('climate')).toEqual({ currentACTemperature: 21, fanSpeed: 40, climateMode: 'auto', humidityLevel: 48 });
    expect(show('headlights')).toEqual({ headlightStatus: 'off' });
    expect(show('parkingBrake')).toEqual({ parkingBrakeStatus: 'engaged', parkingBrakeForce: 620, slopeAngle: 4 });
    expect(show('brakePedal', ready)).toEqual({ brakePedalStatus: 'pressed', brakePedalForce: 1000 });
    expect(show('engine', running)).toEqual({ engineState: 'running' });
  });

  it('adjusts climate in either unit and switches the headlights', () => {
    expect(ok('adjustClimateControl', { temperature: 72, unit: 'fahrenheit', fanSpeed: 30, mode: 'heat' }).result).toEqual({ currentTemperature: 22.22, climateMode: 'heat', humidityLevel: 48 });
    expect(ok('adjustClimateControl', { temperature: 19, mode: 'cool' }).result).toEqual({ currentTemperature: 19, climateMode: 'cool', humidityLevel: 38 });
    expect(fails('adjustClimateControl', { temperature: 40 })).toMatch(/between 16 and 30/);
    expect(fails('adjustClimateControl', { temperature: 20, fanSpeed: 120 })).toMatch(/fanSpeed/);
    expect(ok('setHeadlights', { mode: 'auto' }).result.headlightStatus).toBe('on');
    expect(ok('setHeadlights', { mode: 'off' }).result.headlightStatus).toBe('off');
  });

  it('checks tires, finds a tire shop and navigates to a full address', () => {
    const tires = ok('check_tire_pressure').result.tirePressure;
    expect(tires).toMatchObject({ rearLeftTirePressure: 28.5, healthy_tire_pressure: false, car_info: { make: 'Volvo' } });
    expect(ok('check_tire_pressure', {}, { ...initial, rearLeftTirePressure: 32 }).result.tirePressure.healthy_tire_pressure).toBe(true);
    const shop = ok('find_nearest_tire_shop').result.shopLocation;
    const nav = ok('set_navigation', { destination: shop });
    expect(nav.result.status).toBe(`Navigating to ${shop}`);
    expect(nav.state.destination).toBe(shop);
    expect(fails('set_navigation', { destination: 'Rivermist' })).toMatch(/street, city, state/);
  });

  it('looks up zip codes and estimates distances with the cities on the way', () => {
    expect(ok('get_zipcode_based_on_city', { city: 'rivermist' }).result.zipcode).toBe('83214');
    expect(fails('get_zipcode_based_on_city', { city: 'Gotham' })).toMatch(/Known cities/);
    const trip = ok('estimate_distance', { cityA: '94016', cityB: '83214' }).result;
    expect(trip).toEqual({ distance: 980, intermediaryCities: ['Pinehaven'] });
    expect(ok('estimate_distance', { cityA: '83214', cityB: '94016' }).result.distance).toBe(980);
    expect(fails('estimate_distance', { cityA: '94016', cityB: '00000' })).toMatch(/Unknown zip code/);
    expect(fails('estimate_distance', { cityA: '94016', cityB: '94016' })).toMatch(/same city/);
  });

  it('judges drive feasibility at 20 miles per gallon and converts units', () => {
    expect(ok('estimate_drive_feasibility_by_mileage', { distance: 250 }).result.canDrive).toBe(true);
    expect(ok('estimate_drive_feasibility_by_mileage', { distance: 251 }).result.canDrive).toBe(false);
    expect(fails('estimate_drive_feasibility_by_mileage', { distance: -1 })).toMatch(/negative/);
    expect(ok('gallon_to_liter', { gallon: 10 }).result.liter).toBe(37.85);
    expect(ok('liter_to_gallon', { liter: 38 }).result.gallon).toBe(10.04);
    expect(fails('liter_to_gallon', { liter: -3 })).toMatch(/negative/);
  });

  it('reports the outside temperature and echoes log messages', () => {
    expect(ok('get_outside_temperature_from_google').result.outsideTemperature).toBe(18.5);
    expect(ok('get_outside_temperature_from_weather_com').result.outsideTemperature).toBe(18.5);
    expect(ok('display_log', { messages: ['Low tire pressure', 'Service due'] }).result.log).toEqual(['Low tire pressure', 'Service due']);
  });

  it("replays a BFCL ground-truth path on its initial_config", () => {
    let state = bfclState('multi_turn_base_63', 'VehicleControlAPI');
    state = chain([['fillFuelTank', { fuelAmount: 43.85 }], ['activateParkingBrake', { mode: 'engage' }], ['lockDoors', { unlock: false, door: ALL_DOORS }], ['pressBrakePedal', { pedalPosition: 1 }]], state).state;
    expect(ok('startEngine', { ignitionMode: 'START' }, state).result.engineState).toBe('running');
  });

  it('is pure and deterministic', () => {
    expectPure(initial, ['lockDoors', { unlock: false, door: ALL_DOORS }], ['fillFuelTank', { fuelAmount: 10 }]);
  });
});
