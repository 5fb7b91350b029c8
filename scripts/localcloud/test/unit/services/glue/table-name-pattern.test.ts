import { tableNameMatcher } from '../../../../src/services/glue/table-name-pattern';

describe('tableNameMatcher', () => {
  it('reads * as a wildcard over the whole name', () => {
    const matches = tableNameMatcher('web*');

    expect(matches('web_logs')).toBe(true);
    expect(matches('old_web_logs')).toBe(false);
  });

  it('keeps regex .* and splits alternatives on |', () => {
    const matches = tableNameMatcher('access.*|transactions');

    expect(matches('access_events')).toBe(true);
    expect(matches('transactions')).toBe(true);
    expect(matches('transactions_v2')).toBe(false);
  });

  it('ignores case', () => {
    expect(tableNameMatcher('WEB_LOGS')('web_logs')).toBe(true);
  });

  it('refuses an invalid pattern with InvalidInputException', () => {
    let refusal: unknown;
    try {
      tableNameMatcher('web[');
    } catch (error) {
      refusal = error;
    }

    expect(refusal).toMatchObject({ code: 'InvalidInputException', status: 400 });
  });
});
