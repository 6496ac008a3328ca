export { type EmulatorCredential, hmacHex } from './auth.ts';
export { type EmulatorHandle, type EmulatorOptions, type ReplaySeries, startEmulator } from './emulator.ts';
export type { FaultPlan } from './faults.ts';
