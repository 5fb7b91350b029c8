/**
 * The generator's verdicts against the clean job's own rules: every record of a small day goes
 * through hybrid_lake_etl.cleaning.clean_row (python3, no Spark) with the definition's columns,
 * as raw_to_clean.py calls it. Spoiled records must be rejected for the expected reason; kept
 * ones must come out equal to the truth, and (structured datasets) equal to what was written.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { RAW_LINE_FIELD } from '../../../../scripts/generate-data/web-logs';
import { cleanForm, datasetNamed, PLATFORM, partitionValuesOf, rawDayOf } from './helpers';
import { sourceDatasets } from '../../../../infra/platform';

const GLUE_DIRECTORY = join(__dirname, '../../../../infra/glue');

const DRIVER = `
import datetime, decimal, json, sys
sys.path.insert(0, sys.argv[1])
from hybrid_lake_etl.cleaning import RAW_LINE_FIELD, clean_row

def printed(value):
    if isinstance(value, datetime.datetime):
        value = value.astimezone(datetime.timezone.utc)
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (value.microsecond // 1000)
    if isinstance(value, (datetime.date, decimal.Decimal)):
        return str(value)
    return value

payload = json.load(sys.stdin)
rejected_at = datetime.datetime(2026, 3, 3, 2, 0, tzinfo=datetime.timezone.utc)
report = {"rawLineField": RAW_LINE_FIELD, "datasets": {}}
for dataset in payload:
    columns = [tuple(column) for column in dataset["columns"]]
    outcome = {"kept": 0, "rejected": {}, "problems": []}
    for row in dataset["rows"]:
        clean, rejection = clean_row(row["raw"], columns, dataset["recordId"], dataset["partitionKeys"], rejected_at)
        if row["expected"] is None:
            reason = None if rejection is None else rejection["_reject_reason"]
            if reason != row["reason"]:
                outcome["problems"].append({"raw": row["raw"], "wanted": row["reason"], "got": reason})
            else:
                outcome["rejected"][reason] = outcome["rejected"].get(reason, 0) + 1
        elif rejection is not None:
            outcome["problems"].append({"raw": row["raw"], "wanted": "kept", "got": rejection["_reject_reason"]})
        else:
            printed_row = {name: printed(value) for name, value in clean.items()}
            if printed_row != row["expected"]:
                outcome["problems"].append({"wanted": row["expected"], "got": printed_row})
            else:
                outcome["kept"] += 1
    report["datasets"][dataset["name"]] = outcome
json.dump(report, sys.stdout)
`;

interface DatasetOutcome {
  kept: number;
  rejected: Record<string, number>;
  problems: unknown[];
}

describe('generated records under the clean job rules', () => {
  const raw = rawDayOf('small');
  const payload = sourceDatasets(PLATFORM).map((dataset) => ({
    name: dataset.name,
    columns: dataset.columns.map((column) => [column.name, column.type]),
    recordId: dataset.recordIdColumn,
    partitionKeys: dataset.partitionKeys.map((key) => key.name),
    rows: raw.objects
      .filter((object) => object.dataset === dataset.name)
      .flatMap((object) => {
        // The raw table's partition columns come from the object's folders.
        const partitions = partitionValuesOf(object.key);
        return object.drafts.map((draft) => ({
          raw: { ...draft.raw, ...partitions },
          expected: draft.outcome.kept
            ? { ...cleanForm(dataset, draft.outcome.record as object), ...partitions }
            : null,
          reason: draft.outcome.kept ? null : draft.outcome.reason,
        }));
      }),
  }));

  let report: { rawLineField: string; datasets: Record<string, DatasetOutcome> };
  beforeAll(() => {
    const python = spawnSync('python3', ['-c', DRIVER, GLUE_DIRECTORY], {
      input: JSON.stringify(payload),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (python.status !== 0) throw new Error(`python3 failed: ${python.stderr}`);
    report = JSON.parse(python.stdout) as typeof report;
  });

  it('wraps web log lines in the field the clean job parses', () => {
    expect(report.rawLineField).toBe(RAW_LINE_FIELD);
  });

  it.each(sourceDatasets(PLATFORM).map((dataset) => dataset.name))(
    '%s: spoiled records are rejected for their reason, kept ones come out as the truth',
    (name) => {
      const outcome = report.datasets[name]!;
      const rows = payload.find((dataset) => dataset.name === name)!.rows;
      expect(outcome.problems).toEqual([]);
      expect(outcome.kept).toBe(rows.filter((row) => row.expected !== null).length);
      // Dirt of every kind was dealt.
      expect(Object.keys(outcome.rejected).length).toBeGreaterThanOrEqual(3);
    },
  );

  it('writes structured records exactly as the clean zone keeps them (normalisation is the identity)', () => {
    for (const object of raw.objects.filter((candidate) => candidate.dataset !== 'web_logs')) {
      const dataset = datasetNamed(object.dataset);
      for (const draft of object.drafts) {
        if (draft.outcome.kept)
          expect(draft.raw).toEqual(cleanForm(dataset, draft.outcome.record as object));
      }
    }
  });

  it('includes bad e-mails among the rejected customers', () => {
    const emails = Object.entries(report.datasets.customers!.rejected).filter(([reason]) =>
      reason.startsWith('email:'),
    );
    expect(emails.length).toBeGreaterThanOrEqual(3);
  });
});
