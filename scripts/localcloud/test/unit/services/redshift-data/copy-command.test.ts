import { parseCopyCommand } from '../../../../src/services/redshift-data/copy/copy-command';
import { UnsupportedSqlError } from '../../../../src/services/redshift-data/sql/unsupported';

describe('parseCopyCommand', () => {
  it('reads a JSON copy with its table, prefix and ignored authorization options', () => {
    expect(
      parseCopyCommand(
        "COPY sales.\"Orders\" FROM 's3://landing/orders/2024/' IAM_ROLE 'arn:aws:iam::1:role/r' FORMAT AS JSON 'auto ignorecase' REGION AS 'eu-west-1' GZIP;",
      ),
    ).toEqual({
      table: 'sales."Orders"',
      tableName: 'Orders',
      bucket: 'landing',
      prefix: 'orders/2024/',
      format: { kind: 'json', ignoreCase: true },
      ignoreHeaderLines: 0,
      gzip: true,
      emptyAsNull: false,
      blanksAsNull: false,
      explicitIds: false,
      nullAs: undefined,
    });
  });

  it('reads CSV options and a column list', () => {
    expect(
      parseCopyCommand(
        "copy events (ID, kind) from 's3://b/p.csv' credentials 'aws_iam_role=x' csv quote as '''' delimiter '\t' ignoreheader 2 dateformat 'auto' timeformat 'auto' emptyasnull",
      ),
    ).toMatchObject({
      table: 'events',
      columns: ['id', 'kind'],
      format: { kind: 'csv', delimiter: '\t', quote: "'" },
      ignoreHeaderLines: 2,
      emptyAsNull: true,
    });
  });

  it('defaults to pipe-delimited text', () => {
    expect(parseCopyCommand("COPY t FROM 's3://b/k' IAM_ROLE default").format).toEqual({
      kind: 'text',
      delimiter: '|',
    });
  });

  it.each([
    ["COPY t FROM 's3://b/k' IAM_ROLE default MAXERROR 10", 'COPY option MAXERROR', 'MAXERROR'],
    [
      "COPY t FROM 's3://b/k' JSON 's3://b/jsonpaths.json'",
      "JSON 's3://b/jsonpaths.json'",
      "'s3://b/jsonpaths",
    ],
    [
      "COPY t FROM 'dynamodb://table' IAM_ROLE default",
      "COPY FROM 'dynamodb://table'",
      "'dynamodb",
    ],
    ["COPY t FROM 's3://b/k' CSV TIMEFORMAT 'epochsecs'", "TIMEFORMAT 'epochsecs'", "'epochsecs'"],
    ['COPY t FROM somewhere', 'COPY syntax (expected an s3:// location)', 'somewhere'],
  ])('refuses %s', (statement, construct, at) => {
    const position = statement.indexOf(at) + 1;
    expect(() => parseCopyCommand(statement)).toThrow(UnsupportedSqlError);
    try {
      parseCopyCommand(statement);
    } catch (error) {
      expect(error).toMatchObject({ construct, position });
    }
  });
});
