// A strict parser of the Prometheus text exposition format (0.0.4) and of
// OpenMetrics 1.0 text, for specs: it throws, naming the line, on anything a
// scraper could reject, so that parsing `registry.metrics()` proves it valid.

/** One sample line. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A metric family: its `# HELP`, `# TYPE` and samples. */
export interface MetricFamily {
  readonly name: string;
  help: string | undefined;
  type: string | undefined;
  readonly samples: Sample[];
}

/** What {@link parseExposition} returns. */
export interface Exposition {
  readonly families: ReadonlyMap<string, MetricFamily>;
  /** The value of the sample `name` with exactly `labels`; throws if there is none. */
  value(name: string, labels?: Readonly<Record<string, string>>): number;
}

export type ExpositionFormat = 'prometheus' | 'openmetrics';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES: Record<ExpositionFormat, readonly string[]> = {
  prometheus: ['counter', 'gauge', 'histogram', 'summary', 'untyped'],
  openmetrics: ['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'stateset', 'info', 'unknown'],
};
/** Sample-name suffixes each type allows after its family name. */
const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count', '_created'],
  gaugehistogram: ['_bucket', '_gsum', '_gcount'],
  summary: ['', '_sum', '_count', '_created'],
  info: ['_info'],
};

/** Parses exposition text; throws `line N: …` at the first thing that is not valid. */
export function parseExposition(text: string, format: ExpositionFormat = 'prometheus'): Exposition {
  if (!text.endsWith('\n')) throw new Error('the text must end with a line feed');
  const lines = text.slice(0, -1).split('\n');
  const families = new Map<string, MetricFamily>();
  const seriesSeen = new Set<string>();
  let current: MetricFamily | undefined;
  let ended = false;

  const family = (name: string, n: number): MetricFamily => {
    if (!NAME.test(name)) throw new Error(`line ${n}: invalid metric name ${JSON.stringify(name)}`);
    if (current?.name === name) return current;
    if (families.has(name)) throw new Error(`line ${n}: the lines of ${name} are not one group`);
    current = { name, help: undefined, type: undefined, samples: [] };
    families.set(name, current);
    return current;
  };

  lines.forEach((line, index) => {
    const n = index + 1;
    if (ended) throw new Error(`line ${n}: text after # EOF`);
    if (line === '') {
      if (format === 'openmetrics') throw new Error(`line ${n}: empty line`);
      return;
    }
    if (line === '# EOF' && format === 'openmetrics') {
      ended = true;
      return;
    }
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta !== null) {
      const [, keyword, name, rest] = meta;
      const target = family(name, n);
      if (target.samples.length > 0) throw new Error(`line ${n}: # ${keyword} of ${name} after its samples`);
      if (keyword === 'HELP') {
        if (target.help !== undefined) throw new Error(`line ${n}: second # HELP for ${name}`);
        target.help = unescape(rest, format === 'openmetrics' ? '\\n"' : '\\n', n);
      } else {
        if (target.type !== undefined) throw new Error(`line ${n}: second # TYPE for ${name}`);
        if (!TYPES[format].includes(rest)) throw new Error(`line ${n}: unknown type ${JSON.stringify(rest)}`);
        target.type = rest;
      }
      return;
    }
    if (line.startsWith('#')) {
      if (format === 'openmetrics') throw new Error(`line ${n}: unknown comment`);
      return;
    }
    const sample = parseSample(line, n);
    if (current?.name === sample.name && !belongs(sample.name, current, format)) {
      throw new Error(`line ${n}: a ${current.type} family has no sample named ${sample.name}`);
    }
    const owner = current !== undefined && belongs(sample.name, current, format) ? current : family(sample.name, n);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seriesSeen.has(key)) throw new Error(`line ${n}: duplicate series ${key}`);
    seriesSeen.add(key);
    owner.samples.push(sample);
  });
  if (format === 'openmetrics' && !ended) throw new Error('the text must end with # EOF');
  for (const one of families.values()) if (one.type === 'histogram') checkHistogram(one);

  return {
    families,
    value(name, labels = {}) {
      const wanted = JSON.stringify(Object.entries(labels).sort());
      for (const one of families.values()) {
        for (const sample of one.samples) {
          if (sample.name === name && JSON.stringify(Object.entries(sample.labels).sort()) === wanted) return sample.value;
        }
      }
      throw new Error(`no sample ${name}${wanted}`);
    },
  };
}

function belongs(name: string, family: MetricFamily, format: ExpositionFormat): boolean {
  if (family.type === 'counter' && format === 'openmetrics') return name === `${family.name}_total` || name === `${family.name}_created`;
  const suffixes = SUFFIXES[family.type ?? ''] ?? [''];
  return suffixes.some((suffix) => name === family.name + suffix);
}

function parseSample(line: string, n: number): Sample {
  const head = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
  if (head === null) throw new Error(`line ${n}: a sample must start with a metric name: ${line}`);
  const name = head[1];
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === '{') {
    at++;
    while (line[at] !== '}') {
      const label = /^([^=]*)="/.exec(line.slice(at));
      if (label === null || !LABEL_NAME.test(label[1])) throw new Error(`line ${n}: bad label at column ${at + 1}: ${line}`);
      if (label[1] in labels) throw new Error(`line ${n}: label ${label[1]} twice`);
      at += label[0].length;
      let raw = '';
      while (line[at] !== '"') {
        if (at >= line.length) throw new Error(`line ${n}: unterminated label value`);
        if (line[at] === '\\') raw += line[at++];
        raw += line[at++];
      }
      labels[label[1]] = unescape(raw, '\\n"', n);
      at++;
      if (line[at] === ',') at++;
      else if (line[at] !== '}') throw new Error(`line ${n}: expected , or } at column ${at + 1}`);
    }
    at++;
  }
  const rest = line.slice(at);
  const tail = /^ (\S+)(?: (-?\d+(?:\.\d+)?))?$/.exec(rest);
  if (tail === null) throw new Error(`line ${n}: expected " value [timestamp]" after the name and labels, got ${JSON.stringify(rest)}`);
  return { name, labels, value: parseNumber(tail[1], n) };
}

function parseNumber(text: string, n: number): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`line ${n}: not a number: ${JSON.stringify(text)}`);
  return Number(text);
}

/** Undoes backslash escapes, allowing only `\\` and the characters in `allowed` after it. */
function unescape(text: string, allowed: string, n: number): string {
  return text.replace(/\\(.?)/g, (_, next: string) => {
    if (!allowed.includes(next)) throw new Error(`line ${n}: bad escape \\${next}`);
    return next === 'n' ? '\n' : next;
  });
}

/** Buckets of each series: `le` present, counts not decreasing, a `+Inf` bucket equal to `_count`. */
function checkHistogram(family: MetricFamily): void {
  const groups = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const group = groups.get(key) ?? { buckets: [] };
    groups.set(key, group);
    if (sample.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le ${key}`);
      group.buckets.push([parseNumber(le, 0), sample.value]);
    } else if (sample.name.endsWith('_count')) group.count = sample.value;
  }
  for (const [key, { buckets, count }] of groups) {
    const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
    sorted.forEach(([le, value], i) => {
      if (i > 0 && value < sorted[i - 1][1]) throw new Error(`${family.name}${key}: bucket le=${le} counts less than the one before`);
    });
    const last = sorted.at(-1);
    if (last === undefined || last[0] !== Infinity) throw new Error(`${family.name}${key}: no +Inf bucket`);
    if (count !== last[1]) throw new Error(`${family.name}${key}: _count ${count} is not the +Inf bucket's ${last[1]}`);
  }
}
