import { EltInputError } from '../../../../../lambdas/shared/warehouse/errors';
import {
  COPY_FORMAT_CLAUSES,
  dayPath,
  planElt,
  substitutePlaceholders,
} from '../../../../../lambdas/shared/warehouse/elt';
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
