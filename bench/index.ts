import os from 'node:os';
import { suites } from './suites.ts';

const only = process.argv.slice(2);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `warden bench — node ${process.version}, ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
);
for (const suite of suites) {
  if (only.length > 0 && !only.includes(suite.name)) continue;
  console.log(`\n## ${suite.name}`);
  for (const figure of await suite.run()) {
    const value =
      figure.value >= 100 ? Math.round(figure.value).toLocaleString('en-US') : figure.value.toPrecision(4);
    console.log(
      `${figure.name.padEnd(56)} ${value.padStart(14)} ${figure.unit}${figure.note ? `  (${figure.note})` : ''}`,
    );
  }
}
