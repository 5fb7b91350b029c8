import {
  EltDeadlineError,
  EltInputError,
  EltStepError,
  WarehouseTimeoutError,
} from '../../../../../lambdas/shared/warehouse/errors';
import {
  COPY_FORMAT_CLAUSES,
  dayPath,
  daysOfRange,
  partitionPaths,
  planElt,
  runElt,
  substitutePlaceholders,
} from '../../../../../lambdas/shared/warehouse/elt';
import type { WarehouseSession } from '../../../../../lambdas/shared/warehouse/data-api';
import { useSqlFolder } from '../../../../fixtures/sql-folder';

const sql = useSqlFolder();
const variables = {
  CLEAN_BUCKET: 'lake-clean',
  CURATED_BUCKET: 'lake-curated',
  COPY_ROLE_ARN: 'arn:aws:iam::123456789012:role/copy',
  COPY_FORMAT: COPY_FORMAT_CLAUSES.json,
};

describe('dayPath', () => {
  it('derives the Hive partition path of a day', () => {
    expect(dayPath('2024-05-01')).toBe('year=2024/month=05/day=01');
  });

  it.each(['2024-5-1', '2024-02-30', '20240501', '2024-05-01T00:00:00Z', ''])(
    'refuses %p',
    (day) => {
      expect(() => dayPath(day)).toThrow(EltInputError);
    },
  );
});

describe('partitionPaths', () => {
  it("takes each day's path for a week or less, across a month's end", () => {
    expect(partitionPaths('2024-04-29', '2024-05-01')).toEqual([
      'year=2024/month=04/day=29',
      'year=2024/month=04/day=30',
      'year=2024/month=05/day=01',
    ]);
    expect(partitionPaths('2024-05-01', '2024-05-01')).toEqual(['year=2024/month=05/day=01']);
  });

  it("takes each month's path for a longer range, across a year's end", () => {
    expect(partitionPaths('2023-12-20', '2024-02-02')).toEqual([
      'year=2023/month=12',
      'year=2024/month=01',
      'year=2024/month=02',
    ]);
  });

  it('holds every day of a 90-day range, leap day included, and no more', () => {
    const days = daysOfRange('2024-01-01', '2024-03-30');
    expect(days).toHaveLength(90);
    expect(days).toContain('2024-02-29');
    expect(days.at(-1)).toBe('2024-03-30');
  });

  it.each([
    ['2024-05-02', '2024-05-01', /ends before it starts/],
    ['2024-01-01', '2024-03-31', /holds 91 days; a run loads at most 90/],
    ['2024-02-30', '2024-03-01', /is not a day/],
  ])('refuses the range %s to %s', (from, to, message) => {
    expect(() => partitionPaths(from, to)).toThrow(message);
    expect(() => partitionPaths(from, to)).toThrow(EltInputError);
  });
});

describe('substitutePlaceholders', () => {
  it('replaces every known placeholder, with or without inner spaces', () => {
    expect(
      substitutePlaceholders(
        "COPY t FROM 's3://{{CLEAN_BUCKET}}/d/{{ DAY_PATH }}/' {{COPY_FORMAT}}",
        { ...variables, DAY_PATH: 'year=2024/month=05/day=01' },
        'loads/01_t.sql',
      ),
    ).toBe("COPY t FROM 's3://lake-clean/d/year=2024/month=05/day=01/' FORMAT AS JSON 'auto'");
  });

  it('refuses an unknown placeholder, naming the file', () => {
    expect(() => substitutePlaceholders('{{RAW_BUCKET}}', variables, 'loads/01_t.sql')).toThrow(
      'loads/01_t.sql: unknown placeholder {{RAW_BUCKET}}',
    );
  });

  it('refuses a known placeholder without a value', () => {
    expect(() =>
      substitutePlaceholders('{{CURATED_BUCKET}}', { CLEAN_BUCKET: 'x' }, 'loads/02.sql'),
    ).toThrow('loads/02.sql: no value for placeholder {{CURATED_BUCKET}}');
  });
});

describe('planElt', () => {
  const load =
    "DELETE FROM staging.t;\nCOPY staging.t FROM 's3://{{CLEAN_BUCKET}}/t/{{DAY_PATH}}/' IAM_ROLE '{{COPY_ROLE_ARN}}' {{COPY_FORMAT}};\n";

  it('plans loads then transforms, each in name order, run_date only where used', () => {
    sql().write({
      'loads/02_b.sql': load,
      'loads/01_a.sql': load,
      'transforms/02_facts.sql':
        'DELETE FROM dw.f WHERE d = CAST(:run_date AS DATE);\nINSERT INTO dw.f SELECT * FROM staging.t;',
      'transforms/01_dims.sql': 'INSERT INTO dw.d SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM dw.d);',
    });
    const plan = planElt({ sqlDirectory: sql().root, day: '2024-05-01', variables });
    expect(plan.map((step) => step.file)).toEqual([
      'loads/01_a.sql',
      'loads/02_b.sql',
      'transforms/01_dims.sql',
      'transforms/02_facts.sql',
    ]);
    expect(plan[0]?.statements[1]).toBe(
      "COPY staging.t FROM 's3://lake-clean/t/year=2024/month=05/day=01/' IAM_ROLE 'arn:aws:iam::123456789012:role/copy' FORMAT AS JSON 'auto'",
    );
    expect(plan[2]?.parameters).toBeUndefined();
    expect(plan[3]?.parameters).toEqual({ run_date: '2024-05-01' });
  });

  it("COPYs a ranged load once per partition path, and binds the range's first day", () => {
    const ranged = load.replace('{{DAY_PATH}}', '{{PARTITION_PATH}}');
    sql().write({
      'loads/01_events.sql': ranged,
      'loads/02_snapshot.sql': load,
      'transforms/01_facts.sql':
        'DELETE FROM dw.f WHERE d BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE);',
    });
    const plan = planElt({
      sqlDirectory: sql().root,
      day: '2024-05-01',
      fromDay: '2024-04-30',
      variables,
    });
    const copied = (index: number) =>
      plan[index]?.statements.map(
        (statement) => /s3:\/\/lake-clean\/t\/([^']*)'/.exec(statement)?.[1],
      );
    expect(copied(0)).toEqual([
      undefined,
      'year=2024/month=04/day=30/',
      'year=2024/month=05/day=01/',
    ]);
    // A snapshot is the run's day's only.
    expect(copied(1)).toEqual([undefined, 'year=2024/month=05/day=01/']);
    expect(plan[2]?.parameters).toEqual({ run_date: '2024-05-01', from_date: '2024-04-30' });
  });

  it('refuses {{PARTITION_PATH}} outside the last statement, a COPY', () => {
    sql().write({
      'loads/01_a.sql':
        "COPY staging.t FROM 's3://{{CLEAN_BUCKET}}/t/{{PARTITION_PATH}}/' IAM_ROLE '{{COPY_ROLE_ARN}}' {{COPY_FORMAT}};\nDELETE FROM staging.u;",
      'transforms/01.sql': 'SELECT 1;',
    });
    expect(() => planElt({ sqlDirectory: sql().root, day: '2024-05-01', variables })).toThrow(
      /loads\/01_a.sql: \{\{PARTITION_PATH\}\} belongs in the load's last statement, a COPY/,
    );
  });

  it('binds the settings a transform declares in its header, as queries declare parameters', () => {
    sql().write({
      'loads/01_a.sql': load,
      'transforms/01_window.sql': [
        '-- Keeps the last days.',
        '-- @param window_days 30 Days up to the run date.',
        'DELETE FROM dw.w WHERE d = CAST(:run_date AS DATE);',
        'INSERT INTO dw.w SELECT * FROM dw.f WHERE d > DATEADD(day, -CAST(:window_days AS INTEGER), CAST(:run_date AS DATE));',
      ].join('\n'),
    });
    const plan = planElt({ sqlDirectory: sql().root, day: '2024-05-01', variables });
    expect(plan[1]?.parameters).toEqual({ run_date: '2024-05-01', window_days: '30' });
  });

  it.each([
    [
      'a parameter neither run_date nor declared',
      'SELECT :window_days;',
      /:window_days is neither/,
    ],
    [
      'a setting never used',
      '-- @param window_days 30 Days.\nSELECT CAST(:run_date AS DATE);',
      /window_days declared but never used/,
    ],
    [
      'a setting named run_date',
      '-- @param run_date 2024-01-01 A day.\nSELECT CAST(:run_date AS DATE);',
      /run_date is the runner's/,
    ],
    [
      'a setting named from_date',
      '-- @param from_date 2024-01-01 A day.\nSELECT CAST(:from_date AS DATE);',
      /from_date is the runner's/,
    ],
    ['a setting without a value', '-- @param window_days\nSELECT 1;', /needs a name and a default/],
  ])('refuses %s in a transform', (_case, transform, message) => {
    sql().write({ 'loads/01_a.sql': load, 'transforms/01.sql': transform });
    expect(() => planElt({ sqlDirectory: sql().root, day: '2024-05-01', variables })).toThrow(
      message,
    );
    expect(() => planElt({ sqlDirectory: sql().root, day: '2024-05-01', variables })).toThrow(
      EltInputError,
    );
  });

  it('refuses a placeholder in a transform', () => {
    sql().write({ 'loads/01_a.sql': load, 'transforms/01.sql': "SELECT '{{CLEAN_BUCKET}}';" });
    expect(() => planElt({ sqlDirectory: sql().root, day: '2024-05-01', variables })).toThrow(
      /transforms\/01.sql: placeholders belong in loads/,
    );
  });

  it('refuses a value that could break out of its literal', () => {
    sql().write({ 'loads/01_a.sql': load, 'transforms/01.sql': 'SELECT 1;' });
    expect(() =>
      planElt({
        sqlDirectory: sql().root,
        day: '2024-05-01',
        variables: { ...variables, CLEAN_BUCKET: "x'; DROP TABLE t; --" },
      }),
    ).toThrow(/CLEAN_BUCKET contains a quote/);
  });

  it('refuses a file that cannot run as one batch', () => {
    sql().write({
      'loads/01_a.sql': 'SELECT 1;'.repeat(41),
      'transforms/01.sql': 'SELECT 1;',
    });
    expect(() => planElt({ sqlDirectory: sql().root, day: '2024-05-01', variables })).toThrow(
      /loads\/01_a.sql cannot run as one batch: 41 statements/,
    );
  });

  it('refuses a folder without loads or transforms', () => {
    sql().write({ 'loads/01_a.sql': load });
    expect(() => planElt({ sqlDirectory: sql().root, day: '2024-05-01', variables })).toThrow(
      /Cannot read .*transforms/,
    );
  });
});

describe('runElt', () => {
  const ranged =
    "DELETE FROM staging.t;\nCOPY staging.t FROM 's3://{{CLEAN_BUCKET}}/t/{{PARTITION_PATH}}/' IAM_ROLE '{{COPY_ROLE_ARN}}' {{COPY_FORMAT}};\n";

  /** A session that records each batch and the options it was sent with, and answers success. */
  function recordingSession() {
    const batches: { sqls: string[]; withEvent?: boolean; timeoutMs?: number }[] = [];
    const session = {
      batch: (
        sqls: string[],
        _parameters?: unknown,
        options: { withEvent?: boolean; timeoutMs?: number } = {},
      ) => {
        batches.push({ sqls, withEvent: options.withEvent, timeoutMs: options.timeoutMs });
        return Promise.resolve({
          id: 'b',
          statements: sqls.map(() => ({ id: 's', resultRows: 0, hasResultSet: false })),
        });
      },
    } as unknown as WarehouseSession;
    return { session, batches };
  }

  it("keeps the failure event on a night's own COPYs, and drops it on a catch-up's", async () => {
    sql().write({ 'loads/01_t.sql': ranged, 'transforms/01.sql': 'SELECT 1;' });
    const night = recordingSession();
    await runElt(night.session, { sqlDirectory: sql().root, day: '2024-05-01', variables });
    const catchUp = recordingSession();
    await runElt(catchUp.session, {
      sqlDirectory: sql().root,
      day: '2024-05-01',
      fromDay: '2024-04-29',
      variables,
    });

    const copies = (batches: { sqls: string[]; withEvent?: boolean }[]) =>
      batches.filter(({ sqls }) => sqls.some((each) => each.startsWith('COPY')));
    expect(copies(night.batches).map(({ withEvent }) => withEvent)).toEqual([undefined]);
    expect(copies(catchUp.batches).map(({ withEvent }) => withEvent)).toEqual([
      false,
      false,
      false,
    ]);
    // Transforms keep it either way.
    expect(catchUp.batches.at(-1)).toEqual({ sqls: ['SELECT 1'], withEvent: undefined });
  });

  it("gives each batch what is left of the run's time budget, and a batch cut short by it is the deadline's", async () => {
    sql().write({ 'loads/01_t.sql': ranged, 'transforms/01.sql': 'SELECT 1;' });
    const deadline = Date.now() + 60_000;
    const timing = recordingSession();
    await runElt(timing.session, {
      sqlDirectory: sql().root,
      day: '2024-05-01',
      variables,
      deadline,
    });
    const waits = timing.batches.map(({ timeoutMs }) => timeoutMs);
    expect(waits.length).toBe(2);
    for (const wait of waits) expect(wait).toBeGreaterThan(0);
    for (const wait of waits) expect(wait).toBeLessThanOrEqual(60_000);

    const cutShort = {
      batch: () => Promise.reject(new WarehouseTimeoutError('s', 10)),
    } as unknown as WarehouseSession;
    const run = runElt(cutShort, {
      sqlDirectory: sql().root,
      day: '2024-05-01',
      variables,
      deadline: Date.now() - 1,
    });
    await expect(run).rejects.toBeInstanceOf(EltDeadlineError);
    // Without a deadline, the same timeout is the file's failure.
    await expect(
      runElt(cutShort, { sqlDirectory: sql().root, day: '2024-05-01', variables }),
    ).rejects.toBeInstanceOf(EltStepError);
  });

  it('starts no file once its deadline has passed, naming the file it stopped before', async () => {
    sql().write({ 'loads/01_t.sql': ranged, 'transforms/01.sql': 'SELECT 1;' });
    const { session, batches } = recordingSession();
    const run = runElt(session, {
      sqlDirectory: sql().root,
      day: '2024-05-01',
      variables,
      deadline: Date.now() - 1,
    });
    await expect(run).rejects.toBeInstanceOf(EltDeadlineError);
    await expect(run).rejects.toMatchObject({ file: 'loads/01_t.sql', completed: [] });
    expect(batches).toEqual([]);
  });
});
