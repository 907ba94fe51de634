import { defineSimulator, PythonRandom, type SimContext } from '../../pipeline/toolkit-api.ts';
import type { Args } from './args.ts';

const TANK_GALLONS = 50;
const MILES_PER_GALLON = 20;
const LITERS_PER_GALLON = 3.78541;
/** BFCL's own factor (not 1 / LITERS_PER_GALLON), so conversions agree with it to the last digit. */
const GALLONS_PER_LITER = 0.264172;
const MAX_PEDAL_FORCE = 1000;
const HEALTHY_PSI: [number, number] = [30, 35];
const TIRE_SHOP = '456 Oakwood Avenue, Rivermist, 83214';
const DOORS = ['driver', 'passenger', 'rear_left', 'rear_right'] as const;

/** BFCL's zip codes; any other city gets BFCL's "00000". */
const ZIP_CODES: ReadonlyMap<string, string> = new Map([
  ['Rivermist', '83214'],
  ['Stonebrook', '74532'],
  ['Maplecrest', '56108'],
  ['Silverpine', '62947'],
  ['Shadowridge', '71354'],
  ['Sunset Valley', '83462'],
  ['Oakendale', '47329'],
  ['Willowbend', '52013'],
  ['Crescent Hollow', '69238'],
  ['Autumnville', '51479'],
  ['San Francisco', '94016'],
]);

/** BFCL's road distances in km between zip codes, either direction; other pairs are unknown to it. */
const DISTANCES: readonly [string, string, number][] = [
  ['83214', '74532', 750],
  ['56108', '62947', 320],
  ['71354', '83462', 450],
  ['47329', '52013', 290],
  ['69238', '51479', 630],
  ['94016', '83214', 980],
  ['94016', '94704', 600],
  ['94704', '08540', 2550],
  ['94016', '08540', 1950],
  ['62947', '47329', 1053],
  ['94016', '62947', 780],
  ['74532', '94016', 880],
];

/** BFCL's VehicleControlAPI seed. */
const BFCL_SEED = 141053;

type DoorName = (typeof DOORS)[number];

interface VehicleState {
  fuelLevel: number;
  batteryVoltage: number;
  engineState: 'running' | 'stopped';
  doorStatus: Record<DoorName, 'locked' | 'unlocked'>;
  remainingUnlockedDoors?: number;
  acTemperature: number;
  fanSpeed: number;
  acMode: string;
  humidityLevel: number;
  headLightStatus: string;
  parkingBrakeStatus: 'engaged' | 'released';
  parkingBrakeForce: number;
  slopeAngle: number;
  distanceToNextVehicle: number;
  cruiseStatus: 'active' | 'inactive';
  destination: string;
  frontLeftTirePressure: number;
  frontRightTirePressure: number;
  rearLeftTirePressure: number;
  rearRightTirePressure: number;
  brakePedalStatus: 'pressed' | 'released';
  brakePedalForce: number;
  currentSpeed: number;
  outsideTemperature: number;
  carInfo: Record<string, unknown>;
  long_context?: boolean;
  random_seed?: number;
  random_draws?: number;
}

/**
 * The next draw of BFCL's generator at the state's position. Reads do not advance it (they stay
 * read-only), so a repeated reading repeats its value where BFCL would draw a new one.
 */
function peekUniform(s: VehicleState, low: number, high: number): number {
  return new PythonRandom(s.random_seed ?? BFCL_SEED, s.random_draws ?? 0).uniform(low, high);
}

/** Cities on the way in long-context scenarios (BFCL lists some there; ours are the known cities). */
const LONG_CONTEXT_CITIES = [...ZIP_CODES.keys()];

const round2 = (n: number) => Math.round(n * 100) / 100;
const unlockedCount = (s: VehicleState) => DOORS.filter((d) => s.doorStatus[d] !== 'locked').length;

function assertNonNegative(value: number, what: string, ctx: SimContext): void {
  if (value < 0) ctx.fail(`${what} cannot be negative, got ${value}.`);
}

export const simulator = defineSimulator<Args>('vehicle', {
  startEngine(s: VehicleState, a, ctx) {
    if (a.ignitionMode === 'STOP') {
      if (s.engineState !== 'running') ctx.fail('The engine is already stopped.');
      Object.assign(s, { engineState: 'stopped', cruiseStatus: 'inactive', currentSpeed: 0 });
    } else {
      // BFCL's checks, in its order: doors, brake pedal pressed, pressed fully. A running engine starts again.
      const open = DOORS.filter((d) => s.doorStatus[d] === 'unlocked');
      if ((s.remainingUnlockedDoors ?? open.length) > 0) ctx.fail(`All doors must be locked before starting the engine; unlocked: ${open.join(', ')}.`);
      if (s.brakePedalStatus !== 'pressed') ctx.fail('Press the brake pedal before starting the engine.');
      if (s.brakePedalForce !== MAX_PEDAL_FORCE) ctx.fail('Press the brake pedal fully (position 1) before starting the engine.');
      s.engineState = 'running';
    }
    return { engineState: s.engineState, fuelLevel: s.fuelLevel, batteryVoltage: s.batteryVoltage };
  },

  lockDoors(s: VehicleState, a, ctx) {
    const status = a.unlock ? 'unlocked' : 'locked';
    // BFCL counts changed doors against its counter rather than recounting.
    let remaining = s.remainingUnlockedDoors ?? unlockedCount(s);
    for (const d of a.door) {
      if (!Object.hasOwn(s.doorStatus, d)) ctx.fail(`Unknown door "${d}"; doors are ${DOORS.join(', ')}.`);
      if (s.doorStatus[d] === status) continue;
      s.doorStatus[d] = status;
      remaining += a.unlock ? 1 : -1;
    }
    s.remainingUnlockedDoors = remaining;
    return { lockStatus: status, remainingUnlockedDoors: s.remainingUnlockedDoors };
  },

  pressBrakePedal(s: VehicleState, a, ctx) {
    if (a.pedalPosition < 0 || a.pedalPosition > 1) ctx.fail(`pedalPosition must be between 0 and 1, got ${a.pedalPosition}.`);
    s.brakePedalStatus = a.pedalPosition > 0 ? 'pressed' : 'released';
    s.brakePedalForce = a.pedalPosition * MAX_PEDAL_FORCE;
    return { brakePedalStatus: s.brakePedalStatus, brakePedalForce: s.brakePedalForce };
  },

  releaseBrakePedal(s: VehicleState) {
    s.brakePedalStatus = 'released';
    s.brakePedalForce = 0;
    return { brakePedalStatus: s.brakePedalStatus, brakePedalForce: s.brakePedalForce };
  },

  activateParkingBrake(s: VehicleState, a, ctx) {
    // BFCL's fixed figures: 500 N engaged, 0 released, and the slope always reads 10 degrees after.
    if (a.mode !== 'engage' && a.mode !== 'release') ctx.fail(`mode must be engage or release, got "${a.mode}".`);
    s.parkingBrakeStatus = a.mode === 'engage' ? 'engaged' : 'released';
    s.parkingBrakeForce = a.mode === 'engage' ? 500 : 0;
    s.slopeAngle = 10;
    return { parkingBrakeStatus: s.parkingBrakeStatus, _parkingBrakeForce: s.parkingBrakeForce, _slopeAngle: s.slopeAngle };
  },

  fillFuelTank(s: VehicleState, a, ctx) {
    // As BFCL: any non-negative amount, engine running or not.
    if (a.fuelAmount < 0) ctx.fail(`fuelAmount cannot be negative, got ${a.fuelAmount}.`);
    const level = s.fuelLevel + a.fuelAmount;
    if (level > TANK_GALLONS) ctx.fail(`Adding ${a.fuelAmount} gallons to ${s.fuelLevel} would exceed the ${TANK_GALLONS}-gallon tank; at most ${round2(TANK_GALLONS - s.fuelLevel)} fit.`);
    s.fuelLevel = level;
    return { fuelLevel: s.fuelLevel };
  },

  displayCarStatus(s: VehicleState, a, ctx) {
    const views: Record<string, Record<string, unknown>> = {
      fuel: { fuelLevel: s.fuelLevel },
      battery: { batteryVoltage: s.batteryVoltage },
      doors: { doorStatus: { ...s.doorStatus } },
      climate: { currentACTemperature: s.acTemperature, fanSpeed: s.fanSpeed, climateMode: s.acMode, humidityLevel: s.humidityLevel },
      headlights: { headlightStatus: s.headLightStatus },
      parkingBrake: { parkingBrakeStatus: s.parkingBrakeStatus, parkingBrakeForce: s.parkingBrakeForce, slopeAngle: s.slopeAngle },
      brakePedal: { brakePedalStatus: s.brakePedalStatus, brakePedalForce: s.brakePedalForce },
      engine: { engineState: s.engineState },
    };
    if (!Object.hasOwn(views, a.option)) ctx.fail(`Invalid option "${a.option}"; options are ${Object.keys(views).join(', ')}.`);
    // BFCL answers the fields themselves (no wrapper), with the car's metadata in long-context scenarios.
    return { ...(s.long_context ? { metadata: s.carInfo } : {}), ...views[a.option] };
  },

  adjustClimateControl(s: VehicleState, a, ctx) {
    const celsius = a.unit === 'fahrenheit' ? ((a.temperature - 32) * 5) / 9 : a.temperature;
    const fan = a.fanSpeed ?? 50;
    if (fan < 0 || fan > 100) ctx.fail(`fanSpeed must be between 0 and 100, got ${fan}.`);
    s.acTemperature = celsius;
    s.fanSpeed = fan;
    s.acMode = a.mode ?? 'auto';
    // BFCL answers the temperature as given (not converted) under currentACTemperature.
    return { currentACTemperature: a.temperature, climateMode: s.acMode, humidityLevel: s.humidityLevel };
  },

  setHeadlights(s: VehicleState, a) {
    // BFCL turns the lights on only for "on"; "auto" leaves them off.
    s.headLightStatus = a.mode === 'on' ? 'on' : 'off';
    return { headlightStatus: s.headLightStatus };
  },

  setCruiseControl(s: VehicleState, a, ctx) {
    if (s.engineState !== 'running') ctx.fail('Start the engine before using cruise control.');
    if (a.speed < 0 || a.speed > 120 || a.speed % 5 !== 0) ctx.fail(`The cruise speed must be between 0 and 120 and a multiple of 5, got ${a.speed}.`);
    s.cruiseStatus = a.activate ? 'active' : 'inactive';
    if (a.activate) s.currentSpeed = a.speed;
    s.distanceToNextVehicle = a.distanceToNextVehicle;
    return { cruiseStatus: s.cruiseStatus, currentSpeed: s.currentSpeed, distanceToNextVehicle: s.distanceToNextVehicle };
  },

  get_current_speed(s: VehicleState) {
    return { currentSpeed: s.currentSpeed };
  },

  check_tire_pressure(s: VehicleState) {
    const tires = {
      frontLeftTirePressure: s.frontLeftTirePressure,
      frontRightTirePressure: s.frontRightTirePressure,
      rearLeftTirePressure: s.rearLeftTirePressure,
      rearRightTirePressure: s.rearRightTirePressure,
    };
    // BFCL judges the average pressure, and shows the car's metadata only in long-context scenarios.
    const average = Object.values(tires).reduce((sum, p) => sum + p, 0) / 4;
    const healthy = average >= HEALTHY_PSI[0] && average <= HEALTHY_PSI[1];
    return { ...tires, healthy_tire_pressure: healthy, car_info: s.long_context ? { ...s.carInfo } : {} };
  },

  find_nearest_tire_shop() {
    return { shopLocation: TIRE_SHOP };
  },

  set_navigation(s: VehicleState, a, ctx) {
    // BFCL takes any text as the destination.
    s.destination = a.destination;
    return { status: `Navigating to ${s.destination}` };
  },

  get_zipcode_based_on_city(_s: VehicleState, a) {
    return { zipcode: ZIP_CODES.get(a.city) ?? '00000' };
  },

  estimate_distance(s: VehicleState, a, ctx) {
    const hit = DISTANCES.find(([x, y]) => (x === a.cityA && y === a.cityB) || (x === a.cityB && y === a.cityA));
    if (!hit) ctx.fail(`The distance between zip codes ${a.cityA} and ${a.cityB} is not in the database.`);
    return { distance: hit![2], ...(s.long_context ? { intermediaryCities: LONG_CONTEXT_CITIES } : {}) };
  },

  estimate_drive_feasibility_by_mileage(s: VehicleState, a, ctx) {
    assertNonNegative(a.distance, 'The distance', ctx);
    return { canDrive: s.fuelLevel * MILES_PER_GALLON >= a.distance };
  },

  gallon_to_liter(_s: VehicleState, a, ctx) {
    return { liter: a.gallon * LITERS_PER_GALLON };
  },

  liter_to_gallon(_s: VehicleState, a, ctx) {
    return { gallon: a.liter * GALLONS_PER_LITER };
  },

  get_outside_temperature_from_google(s: VehicleState) {
    // BFCL draws the temperature (uniform -10..40 °C) from its seeded generator.
    return { outsideTemperature: peekUniform(s, -10, 40) };
  },

  get_outside_temperature_from_weather_com(s: VehicleState) {
    return { outsideTemperature: s.outsideTemperature };
  },

  display_log(_s: VehicleState, a) {
    return { log: [...a.messages] };
  },
});
