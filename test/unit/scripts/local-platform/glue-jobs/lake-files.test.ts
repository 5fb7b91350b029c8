import { JobInputError } from '../../../../../scripts/local-platform/glue-jobs';
import { dayPartition } from '../../../../../scripts/local-platform/glue-jobs/lake-files';

const keys = (...names: string[]) => names.map((Name) => ({ Name, Type: 'string' }));

describe('dayPartition', () => {
  it('is the run date under year, month and day, whatever finer keys follow', () => {
    expect(
      dayPartition(
        { Name: 'web_logs', PartitionKeys: keys('year', 'month', 'day', 'hour') },
        '2026-03-07',
      ),
    ).toBe('year=2026/month=03/day=07/');
  });

  it('refuses tables not partitioned by day and dates that are not YYYY-MM-DD', () => {
    expect(() =>
      dayPartition({ Name: 't', PartitionKeys: keys('year', 'month') }, '2026-03-07'),
    ).toThrow(JobInputError);
    expect(() =>
      dayPartition({ Name: 't', PartitionKeys: keys('year', 'month', 'day') }, '7.3.2026'),
    ).toThrow('run date "7.3.2026" is not YYYY-MM-DD');
  });
});
