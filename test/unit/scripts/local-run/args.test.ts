import { parseLocalRunArgs } from '../../../../scripts/local-run/args';
import { UsageError } from '../../../../scripts/shared/usage-error';

describe('parseLocalRunArgs: the customer history', () => {
  it('takes about six months of history unless told otherwise', () => {
    expect(parseLocalRunArgs([])).toMatchObject({ historyDays: 180 });
    expect(parseLocalRunArgs(['--history-days', '0'])).toMatchObject({ historyDays: 0 });
    expect(parseLocalRunArgs(['--history-days', '365'])).toMatchObject({ historyDays: 365 });
  });

  it.each(['--history-days=-3', '--history-days=1.5', '--history-days=six', '--history-days=1096'])(
    'refuses %s',
    (option) => {
      expect(() => parseLocalRunArgs([option])).toThrow(UsageError);
      expect(() => parseLocalRunArgs([option])).toThrow(
        /--history-days must be a whole number from 0 to 1095/,
      );
    },
  );
});
