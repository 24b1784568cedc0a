import { Registry, type RegistryContentType } from 'prom-client';
import { LogOnlyPolicy } from '../../lib/index.js';
import { parseExposition, type Exposition } from './parseExposition.js';

/** Scrapes `registry` as Prometheus would, and parses the text strictly (so it is valid). */
export async function scrape(registry: Registry<RegistryContentType>): Promise<Exposition> {
  const format = registry.contentType === Registry.OPENMETRICS_CONTENT_TYPE ? 'openmetrics' : 'prometheus';
  return parseExposition(await registry.metrics(), format);
}

/** A quiet log-only policy with an `admit` gate: while `open` is false, its tracker's tasks are rejected. */
export class GatePolicy extends LogOnlyPolicy {
  open = true;

  constructor() {
    super({ logger: () => {} });
  }

  admit(): true | string {
    return this.open ? true : 'gate closed';
  }
}

/** The histogram samples of one series, as `{ le: count }` plus `sum` and `count`. */
export function histogramOf(scraped: Exposition, name: string, labels: Record<string, string>): Record<string, number> {
  const samples = scraped.families.get(name)!.samples.filter((sample) =>
    Object.entries(labels).every(([label, value]) => sample.labels[label] === value),
  );
  const result: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.name.endsWith('_bucket')) result[sample.labels.le] = sample.value;
    else result[sample.name.slice(name.length + 1)] = sample.value;
  }
  return result;
}
