import { defineSimulator, type SimContext } from '../../pipeline/world/simulator.ts';

const TANK_GALLONS = 50;
const MILES_PER_GALLON = 20;
const LITERS_PER_GALLON = 3.78541;
const MIN_START_VOLTAGE = 11.8;
const MAX_PEDAL_FORCE = 1000;
const HEALTHY_PSI: [number, number] = [30, 35];
const TIRE_SHOP = '456 Oakwood Avenue, Rivermist, 83214';
const DOORS = ['driver', 'passenger', 'rear_left', 'rear_right'] as const;

/** Cities on a flat map (km), with the zip codes BFCL ground truth uses. */
const CITIES: { name: string; zip: string; x: number; y: number }[] = [
  { name: 'San Francisco', zip: '94016', x: 0, y: 0 },
  { name: 'Pinehaven', zip: '55820', x: 490, y: 20 },
  { name: 'Rivermist', zip: '83214', x: 980, y: 0 },
  { name: 'Stonebrook', zip: '74532', x: 980, y: 750 },
  { name: 'Silverpine', zip: '62947', x: 0, y: 780 },
  { name: 'Greenfield', zip: '29304', x: 700, y: 420 },
  { name: 'Crescent Hollow', zip: '69238', x: 1400, y: 300 },
  { name: 'Autumnville', zip: '51479', x: 1650, y: 720 },
  { name: 'Oakendale', zip: '47329', x: 500, y: 1100 },
  { name: 'Maplecrest', zip: '38741', x: 1300, y: -200 },
  { name: 'Shadowridge', zip: '88105', x: -150, y: 420 },
  { name: 'Willowbend', zip: '41622', x: 1220, y: 560 },
];

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
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const unlockedCount = (s: VehicleState) => DOORS.filter((d) => s.doorStatus[d] !== 'locked').length;

function cityByZip(zip: string, ctx: SimContext) {
  const c = CITIES.find((x) => x.zip === zip.trim());
  if (!c) ctx.fail(`Unknown zip code "${zip}". Look it up with get_zipcode_based_on_city.`);
  return c;
}

const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

function assertNonNegative(value: number, what: string, ctx: SimContext): void {
  if (value < 0) ctx.fail(`${what} cannot be negative, got ${value}.`);
}

export const simulator = defineSimulator('vehicle', {
  startEngine(s: VehicleState, a: { ignitionMode: 'START' | 'STOP' }, ctx) {
    if (a.ignitionMode === 'STOP') {
      if (s.engineState !== 'running') ctx.fail('The engine is already stopped.');
      Object.assign(s, { engineState: 'stopped', cruiseStatus: 'inactive', currentSpeed: 0 });
    } else {
      if (s.engineState === 'running') ctx.fail('The engine is already running.');
      const open = DOORS.filter((d) => s.doorStatus[d] !== 'locked');
      if (open.length > 0) ctx.fail(`Lock every door before starting the engine; unlocked: ${open.join(', ')}.`);
      if (s.brakePedalStatus !== 'pressed') ctx.fail('Press the brake pedal before starting the engine.');
      if (s.fuelLevel <= 0) ctx.fail('The fuel tank is empty; fill it before starting the engine.');
      if (s.batteryVoltage < MIN_START_VOLTAGE) ctx.fail(`The battery is too weak to start the engine (${s.batteryVoltage} V).`);
      s.engineState = 'running';
    }
    return { engineState: s.engineState, fuelLevel: s.fuelLevel, batteryVoltage: s.batteryVoltage };
  },

  lockDoors(s: VehicleState, a: { unlock: boolean; door: DoorName[] }, ctx) {
    if (a.door.length === 0) ctx.fail('Name at least one door (driver, passenger, rear_left, rear_right).');
    const status = a.unlock ? 'unlocked' : 'locked';
    for (const d of a.door) s.doorStatus[d] = status;
    s.remainingUnlockedDoors = unlockedCount(s);
    return { lockStatus: status, remainingUnlockedDoors: s.remainingUnlockedDoors };
  },

  pressBrakePedal(s: VehicleState, a: { pedalPosition: number }, ctx) {
    if (a.pedalPosition < 0 || a.pedalPosition > 1) ctx.fail(`pedalPosition must be between 0 and 1, got ${a.pedalPosition}.`);
    s.brakePedalStatus = a.pedalPosition > 0 ? 'pressed' : 'released';
    s.brakePedalForce = round2(a.pedalPosition * MAX_PEDAL_FORCE);
    if (a.pedalPosition > 0) s.cruiseStatus = 'inactive';
    return { brakePedalStatus: s.brakePedalStatus, brakePedalForce: s.brakePedalForce };
  },

  releaseBrakePedal(s: VehicleState) {
    s.brakePedalStatus = 'released';
    s.brakePedalForce = 0;
    return { brakePedalStatus: s.brakePedalStatus, brakePedalForce: s.brakePedalForce };
  },

  activateParkingBrake(s: VehicleState, a: { mode: 'engage' | 'release' }, ctx) {
    if (a.mode === 'engage') {
      if (s.currentSpeed > 0) ctx.fail(`The vehicle is moving at ${s.currentSpeed}; stop before engaging the parking brake.`);
      s.parkingBrakeStatus = 'engaged';
      // Holding the car on a slope takes more force.
      s.parkingBrakeForce = round2(500 + 30 * Math.abs(s.slopeAngle));
    } else {
      s.parkingBrakeStatus = 'released';
      s.parkingBrakeForce = 0;
    }
    return { parkingBrakeStatus: s.parkingBrakeStatus, _parkingBrakeForce: s.parkingBrakeForce, _slopeAngle: s.slopeAngle };
  },

  fillFuelTank(s: VehicleState, a: { fuelAmount: number }, ctx) {
    if (!(a.fuelAmount > 0)) ctx.fail(`fuelAmount must be greater than 0, got ${a.fuelAmount}.`);
    if (s.engineState === 'running') ctx.fail('Stop the engine before refuelling.');
    const level = round2(s.fuelLevel + a.fuelAmount);
    if (level > TANK_GALLONS) ctx.fail(`Adding ${a.fuelAmount} gallons to ${s.fuelLevel} would exceed the ${TANK_GALLONS}-gallon tank; at most ${round2(TANK_GALLONS - s.fuelLevel)} fit.`);
    s.fuelLevel = level;
    return { fuelLevel: s.fuelLevel };
  },

  displayCarStatus(s: VehicleState, a: { option: string }) {
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
    return { status: views[a.option] };
  },

  adjustClimateControl(s: VehicleState, a: { temperature: number; unit?: string; fanSpeed?: number; mode?: string }, ctx) {
    const celsius = a.unit === 'fahrenheit' ? round2(((a.temperature - 32) * 5) / 9) : a.temperature;
    if (celsius < 16 || celsius > 30) ctx.fail(`The cabin temperature must be between 16 and 30 °C, got ${celsius} °C.`);
    const fan = a.fanSpeed ?? 50;
    if (fan < 0 || fan > 100) ctx.fail(`fanSpeed must be between 0 and 100, got ${fan}.`);
    s.acTemperature = celsius;
    s.fanSpeed = fan;
    s.acMode = a.mode ?? 'auto';
    // Cooling and defrosting run the compressor, which dries the cabin air.
    if (s.acMode === 'cool' || s.acMode === 'defrost') s.humidityLevel = Math.max(30, round2(s.humidityLevel - 10));
    return { currentTemperature: s.acTemperature, climateMode: s.acMode, humidityLevel: s.humidityLevel };
  },

  setHeadlights(s: VehicleState, a: { mode: 'on' | 'off' | 'auto' }) {
    s.headLightStatus = a.mode === 'off' ? 'off' : 'on';
    return { headlightStatus: s.headLightStatus };
  },

  setCruiseControl(s: VehicleState, a: { speed: number; activate: boolean; distanceToNextVehicle: number }, ctx) {
    if (s.engineState !== 'running') ctx.fail('Start the engine before using cruise control.');
    if (a.speed < 0 || a.speed > 120 || a.speed % 5 !== 0) ctx.fail(`The cruise speed must be between 0 and 120 and a multiple of 5, got ${a.speed}.`);
    if (!(a.distanceToNextVehicle > 0)) ctx.fail(`distanceToNextVehicle must be greater than 0, got ${a.distanceToNextVehicle}.`);
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
    const healthy = Object.values(tires).every((p) => p >= HEALTHY_PSI[0] && p <= HEALTHY_PSI[1]);
    return { tirePressure: { ...tires, healthy_tire_pressure: healthy, car_info: { ...s.carInfo } } };
  },

  find_nearest_tire_shop() {
    return { shopLocation: TIRE_SHOP };
  },

  set_navigation(s: VehicleState, a: { destination: string }, ctx) {
    const parts = a.destination.split(',').map((p) => p.trim());
    if (parts.length < 3 || parts.some((p) => p === '')) ctx.fail(`Give the destination as "street, city, state", got "${a.destination}".`);
    s.destination = a.destination.trim();
    return { status: `Navigating to ${s.destination}` };
  },

  get_zipcode_based_on_city(_s: VehicleState, a: { city: string }, ctx: SimContext) {
    const c = CITIES.find((x) => x.name.toLowerCase() === a.city.trim().toLowerCase());
    if (!c) ctx.fail(`No zip code is known for "${a.city}". Known cities: ${CITIES.map((x) => x.name).join(', ')}.`);
    return { zipcode: c.zip };
  },

  estimate_distance(_s: VehicleState, a: { cityA: string; cityB: string }, ctx) {
    const from = cityByZip(a.cityA, ctx);
    const to = cityByZip(a.cityB, ctx);
    if (from.zip === to.zip) ctx.fail('Both zip codes name the same city; give two different cities.');
    const direct = dist(from, to);
    const onTheWay = CITIES.filter((c) => c !== from && c !== to && dist(from, c) + dist(c, to) <= direct * 1.05)
      .sort((p, q) => dist(from, p) - dist(from, q))
      .map((c) => c.name);
    return { distance: Math.round(direct * 10) / 10, intermediaryCities: onTheWay };
  },

  estimate_drive_feasibility_by_mileage(s: VehicleState, a: { distance: number }, ctx) {
    assertNonNegative(a.distance, 'The distance', ctx);
    return { canDrive: s.fuelLevel * MILES_PER_GALLON >= a.distance };
  },

  gallon_to_liter(_s: VehicleState, a: { gallon: number }, ctx) {
    assertNonNegative(a.gallon, 'The amount of gallons', ctx);
    return { liter: round2(a.gallon * LITERS_PER_GALLON) };
  },

  liter_to_gallon(_s: VehicleState, a: { liter: number }, ctx) {
    assertNonNegative(a.liter, 'The amount of liters', ctx);
    return { gallon: round2(a.liter / LITERS_PER_GALLON) };
  },

  get_outside_temperature_from_google(s: VehicleState) {
    return { outsideTemperature: s.outsideTemperature };
  },

  get_outside_temperature_from_weather_com(s: VehicleState) {
    return { outsideTemperature: s.outsideTemperature };
  },

  display_log(_s: VehicleState, a: { messages: string[] }) {
    return { log: [...a.messages] };
  },
});
