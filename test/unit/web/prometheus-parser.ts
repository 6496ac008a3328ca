/**
 * A strict reader of the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/): every line must be a HELP, a
 * TYPE, a comment or a sample; a sample belongs to the family declared just before it; histogram
 * buckets are cumulative and end with le="+Inf" equal to _count. Throws on the first violation.
 */
export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  name: string;
  help: string | null;
  type: string;
  samples: ParsedSample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_NAME = '[a-zA-Z_][a-zA-Z0-9_]*';
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string, line: number): number {
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text))
    throw new Error(`line ${line}: bad value "${text}"`);
  return Number(text);
}

function parseLabels(text: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  const pair = new RegExp(`^(${LABEL_NAME})="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"(,|$)`);
  while (rest.length > 0) {
    const m = pair.exec(rest);
    if (!m?.[1] || m[2] === undefined) throw new Error(`line ${line}: bad label set "{${text}}"`);
    if (m[1] in labels) throw new Error(`line ${line}: duplicate label ${m[1]}`);
    labels[m[1]] = m[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    rest = rest.slice(m[0].length);
  }
  return labels;
}

function belongs(sampleName: string, family: ParsedFamily): boolean {
  if (sampleName === family.name) return family.type !== 'histogram';
  if (family.type === 'histogram')
    return ['_bucket', '_sum', '_count'].some((s) => sampleName === family.name + s);
  if (family.type === 'summary') return ['_sum', '_count'].some((s) => sampleName === family.name + s);
  return false;
}

export function parsePrometheusText(text: string): ParsedFamily[] {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const families: ParsedFamily[] = [];
  const seen = new Set<string>();
  let current: ParsedFamily | null = null;
  let pendingHelp: { name: string; help: string } | null = null;
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') throw new Error(`line ${line}: empty line`);
    const help = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(raw);
    if (help?.[1]) {
      pendingHelp = { name: help[1], help: help[2] ?? '' };
      return;
    }
    const type = new RegExp(`^# TYPE (${NAME}) (\\w+)$`).exec(raw);
    if (type?.[1] && type[2]) {
      if (!TYPES.has(type[2])) throw new Error(`line ${line}: unknown type ${type[2]}`);
      if (seen.has(type[1])) throw new Error(`line ${line}: family ${type[1]} declared twice`);
      if (pendingHelp && (pendingHelp as { name: string }).name !== type[1]) {
        throw new Error(
          `line ${line}: HELP for ${(pendingHelp as { name: string }).name} followed by TYPE for ${type[1]}`,
        );
      }
      seen.add(type[1]);
      current = {
        name: type[1],
        help: pendingHelp ? (pendingHelp as { help: string }).help : null,
        type: type[2],
        samples: [],
      };
      families.push(current);
      pendingHelp = null;
      return;
    }
    if (raw.startsWith('#')) return;
    const sample = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`).exec(raw);
    if (!sample?.[1] || sample[3] === undefined) throw new Error(`line ${line}: not a sample: "${raw}"`);
    const fam = current as ParsedFamily | null;
    if (!fam || !belongs(sample[1], fam))
      throw new Error(`line ${line}: sample ${sample[1]} outside its family`);
    fam.samples.push({
      name: sample[1],
      labels: parseLabels(sample[2] ?? '', line),
      value: parseValue(sample[3], line),
    });
  });
  for (const family of families) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function checkHistogram(family: ParsedFamily): void {
  const buckets = family.samples.filter((s) => s.name.endsWith('_bucket'));
  const count = family.samples.find((s) => s.name === `${family.name}_count`);
  if (!family.samples.some((s) => s.name === `${family.name}_sum`) || !count) {
    throw new Error(`${family.name}: a histogram needs _sum and _count`);
  }
  let previous = -1;
  let previousCount = 0;
  for (const b of buckets) {
    const le = b.labels.le;
    if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
    const bound = parseValue(le, 0);
    if (bound <= previous) throw new Error(`${family.name}: buckets not in increasing le order`);
    if (b.value < previousCount) throw new Error(`${family.name}: buckets not cumulative`);
    previous = bound;
    previousCount = b.value;
  }
  const last = buckets.at(-1);
  if (last?.labels.le !== '+Inf' || last.value !== count.value) {
    throw new Error(`${family.name}: the last bucket must be le="+Inf" and equal _count`);
  }
}
