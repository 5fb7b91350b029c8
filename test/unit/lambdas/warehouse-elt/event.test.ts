import { InvalidEltEventError } from '../../../../lambdas/warehouse-elt/errors';
import { GlueJobStateChangeSchema } from '../../../../lambdas/shared/glue-events';
import { dayBefore, parseEltTrigger } from '../../../../lambdas/warehouse-elt/event';
import { glueJobStateChange } from '../../../fixtures/events/warehouse';

describe('parseEltTrigger', () => {
  it('loads the UTC day before a successful Glue job event', () => {
    expect(parseEltTrigger(glueJobStateChange('SUCCEEDED', '2024-05-02T01:17:45Z'))).toEqual({
      kind: 'glue-job',
      day: '2024-05-01',
      jobName: 'hybrid-lake-dev-curate',
      jobRunId: expect.stringMatching(/^jr_/),
    });
  });

  it('takes a manual day as given', () => {
    expect(parseEltTrigger({ day: '2024-02-29' })).toEqual({
      kind: 'manual',
      day: '2024-02-29',
      fromDay: '2024-02-29',
    });
  });

  it('takes a manual range as given', () => {
    expect(parseEltTrigger({ from: '2024-02-01', day: '2024-02-29' })).toEqual({
      kind: 'manual',
      day: '2024-02-29',
      fromDay: '2024-02-01',
    });
  });

  it.each([
    [{ from: '2024-05-02', day: '2024-05-01' }, /ends before it starts/],
    [{ from: '2024-01-01', day: '2024-05-01' }, /a run loads at most 90/],
    [{ day: '2024-02-30' }, /is not a day/],
  ])('refuses the manual run %p as a bad event, naming why', (input, why) => {
    expect(() => parseEltTrigger(input)).toThrow(InvalidEltEventError);
    expect(() => parseEltTrigger(input)).toThrow(why);
  });

  it('acknowledges, without running, a job that did not succeed', () => {
    expect(parseEltTrigger(glueJobStateChange('FAILED'))).toEqual({
      kind: 'ignored',
      reason: 'job hybrid-lake-dev-curate ended FAILED',
    });
  });

  it.each([
    [{ day: '1 May 2024' }],
    [{ day: '2024-05-01', extra: true }],
    [{ ...glueJobStateChange('SUCCEEDED'), source: 'aws.s3' }],
    [{ ...glueJobStateChange('SUCCEEDED'), detail: { state: 'SUCCEEDED' } }],
    [null],
  ])('refuses %p', (input) => {
    expect(() => parseEltTrigger(input)).toThrow(InvalidEltEventError);
  });

  it('uses a fixture that the schema accepts', () => {
    expect(GlueJobStateChangeSchema.safeParse(glueJobStateChange('SUCCEEDED')).success).toBe(true);
  });
});

describe('dayBefore', () => {
  it.each([
    ['2024-05-02T00:00:00Z', '2024-05-01'],
    ['2024-05-02T23:59:59Z', '2024-05-01'],
    ['2024-03-01T02:00:00Z', '2024-02-29'],
    ['2025-01-01T00:30:00+01:00', '2024-12-30'],
  ])('%s → %s', (time, day) => {
    expect(dayBefore(time)).toBe(day);
  });
});
