export { type EmulatorCredential, hmacHex } from './auth.ts';
export { type EmulatorHandle, type EmulatorOptions, type ReplaySeries, startEmulator } from './emulator.ts';
export { type FaultPlan, faultPlanSchema } from './faults.ts';
export { emulatorInstrument } from './instruments.ts';
