// The arena's public entry (issue 19). knip.json lists it as an entry: walk-forward and deflated Sharpe wait for `warden sweep`.
export * from './bootstrap.ts';
export * from './calibration.ts';
export * from './compare.ts';
export * from './deflated-sharpe.ts';
export * from './figures.ts';
export * from './metrics.ts';
export * from './proportion.ts';
export * from './render-html.ts';
export * from './render-rows.ts';
export * from './render-text.ts';
export * from './report.ts';
export * from './stats.ts';
export * from './walk-forward.ts';
