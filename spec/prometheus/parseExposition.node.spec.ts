import { parseExposition } from './parseExposition.js';

// The spec helper that proves `registry.metrics()` valid must itself reject what
// is not: each case below is a mistake a scraper would refuse.
describe('parseExposition (spec helper)', () => {
  it('reads help, type, labelled samples and escapes', () => {
    const text = [
      '# HELP jobs_total Jobs done, with a \\\\ and a \\n in the help',
      '# TYPE jobs_total counter',
      'jobs_total{queue="a \\"quoted\\" \\\\ name",zone="eu"} 3',
      'jobs_total 1.5e3 1700000000000',
      '',
      '# TYPE wait_seconds histogram',
      'wait_seconds_bucket{le="0.1"} 1',
      'wait_seconds_bucket{le="+Inf"} 2',
      'wait_seconds_sum 0.35',
      'wait_seconds_count 2',
      '',
    ].join('\n');
    const parsed = parseExposition(text);
    const jobs = parsed.families.get('jobs_total')!;
    expect(jobs.help).toBe('Jobs done, with a \\ and a \n in the help');
    expect(jobs.type).toBe('counter');
    expect(jobs.samples[0].labels).toEqual({ queue: 'a "quoted" \\ name', zone: 'eu' });
    expect(parsed.value('jobs_total')).toBe(1500);
    expect(parsed.value('wait_seconds_bucket', { le: '+Inf' })).toBe(2);
    expect(parsed.families.get('wait_seconds')!.samples.length).toBe(4);
  });

  it('reads OpenMetrics counters, whose samples add _total to the family name', () => {
    const parsed = parseExposition('# TYPE jobs counter\njobs_total 2\n# EOF\n', 'openmetrics');
    expect(parsed.families.get('jobs')!.samples[0].name).toBe('jobs_total');
  });

  const invalid: [string, string, RegExp, ('prometheus' | 'openmetrics')?][] = [
    ['text without a final line feed', 'up 1', /line feed/],
    ['a bad metric name', '# TYPE 1up gauge\n', /invalid metric name/],
    ['an unknown type', '# TYPE up thing\n', /unknown type/],
    ['a second TYPE line', '# TYPE up gauge\n# TYPE up gauge\n', /second # TYPE/],
    ['a TYPE line after the samples', 'up 1\n# TYPE up gauge\n', /after its samples/],
    ['a family split in two groups', 'up 1\ndown 1\nup{a="b"} 1\n', /not one group/],
    ['a value that is not a number', 'up one\n', /not a number/],
    ['a missing value', 'up\n', /expected " value/],
    ['a bad label name', 'up{1a="x"} 1\n', /bad label/],
    ['an unterminated label value', 'up{a="x} 1\n', /unterminated/],
    ['a label given twice', 'up{a="x",a="y"} 1\n', /twice/],
    ['a bad escape', 'up{a="\\t"} 1\n', /bad escape/],
    ['a duplicate series', 'up{a="x"} 1\nup{a="x"} 2\n', /duplicate series/],
    ['decreasing buckets', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n', /less than/],
    ['no +Inf bucket', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1\n', /no \+Inf/],
    ['a count that is not the +Inf bucket', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 1\n', /_count 1/],
    ['OpenMetrics without # EOF', '# TYPE up gauge\nup 1\n', /# EOF/, 'openmetrics'],
    ['OpenMetrics with an empty line', '# TYPE up gauge\n\nup 1\n# EOF\n', /empty line/, 'openmetrics'],
    ['an OpenMetrics counter sample without _total', '# TYPE jobs counter\njobs 2\n# EOF\n', /no sample named jobs/, 'openmetrics'],
  ];
  for (const [what, text, message, format] of invalid) {
    it(`rejects ${what}`, () => {
      expect(() => parseExposition(text, format)).toThrowError(message);
    });
  }
});
