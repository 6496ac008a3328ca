// The arena's public entry (issue 19): its command is not built yet, so knip.json lists it as an entry.
export * from './bootstrap.ts';
export * from './calibration.ts';
export * from './compare.ts';
export * from './deflated-sharpe.ts';
export * from './figures.ts';
export * from './metrics.ts';
export * from './proportion.ts';
export * from './stats.ts';
export * from './walk-forward.ts';
