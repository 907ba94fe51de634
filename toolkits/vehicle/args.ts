// Generated from toolkits/vehicle/toolkit.yaml by `npm run toolkit-args`; do not edit (a test compares it with the YAML).
// The arguments of each function as its `parameters` schema declares them; the environment checks every call
// against that schema before the simulator sees it.
export type Args = {
  startEngine: { ignitionMode: 'START' | 'STOP' };
  lockDoors: { unlock: boolean; door: ('driver' | 'passenger' | 'rear_left' | 'rear_right')[] };
  pressBrakePedal: { pedalPosition: number };
  releaseBrakePedal: Record<string, never>;
  activateParkingBrake: { mode: 'engage' | 'release' };
  fillFuelTank: { fuelAmount: number };
  displayCarStatus: { option: 'fuel' | 'battery' | 'doors' | 'climate' | 'headlights' | 'parkingBrake' | 'brakePedal' | 'engine' };
  adjustClimateControl: { temperature: number; unit?: 'celsius' | 'fahrenheit'; fanSpeed?: number; mode?: 'auto' | 'cool' | 'heat' | 'defrost' };
  setHeadlights: { mode: 'on' | 'off' | 'auto' };
  setCruiseControl: { speed: number; activate: boolean; distanceToNextVehicle: number };
  get_current_speed: Record<string, never>;
  check_tire_pressure: Record<string, never>;
  find_nearest_tire_shop: Record<string, never>;
  set_navigation: { destination: string };
  get_zipcode_based_on_city: { city: string };
  estimate_distance: { cityA: string; cityB: string };
  estimate_drive_feasibility_by_mileage: { distance: number };
  gallon_to_liter: { gallon: number };
  liter_to_gallon: { liter: number };
  get_outside_temperature_from_google: Record<string, never>;
  get_outside_temperature_from_weather_com: Record<string, never>;
  display_log: { messages: string[] };
};
