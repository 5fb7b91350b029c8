"""The batch Glue jobs without Spark: what jobs/raw_to_clean.py and jobs/clean_to_curated.py do,
through the same hybrid_lake_etl functions, over a local copy of the lake. `npm start` runs it.

    PYTHONPATH=infra/glue python3 scripts/local-platform/glue-jobs/local_job.py \
        --job raw_to_clean --input IN --output OUT --catalog TABLES.json \
        --run-date 2026-03-07 --now 2026-03-08T02:00:00Z --JOB_NAME … --DATASETS … (the script's arguments)

IN and OUT mirror S3: `s3://<bucket>/<key>` is the file `<dir>/<bucket>/<key>`. Files hold JSON
lines (the local lake's format) instead of Parquet. TABLES.json is a list of Glue `GetTable`
results: the catalog, which tells the job each table's columns, partition keys and location,
as it does the Spark job. raw_to_clean reads the run date's partitions, or every day from
`--from-date` to the run date (what job bookmarks would hand the deployed job: the run date's
new files, or a backfilled history the first time); clean_to_curated reads whole tables and
rewrites every day it finds, under file names new to the run, and lists those partitions as
`replaced`: the caller deletes their other files once the new ones are up.
`--describe-inputs` prints the tables and partitions the job would read, so the caller knows
what to fetch. raw_to_clean writes each dataset's files to OUT once that dataset is done, so a
large day is held one dataset at a time; the caller uploads OUT only after the whole job
succeeded. The summary goes to stdout.
Any error: exit status 1 and one line on stderr.
"""

import argparse
import ast
import datetime as _dt
import decimal as _decimal
import json
import pathlib
import sys
import uuid

try:
    import hybrid_lake_etl
    from hybrid_lake_etl import aggregates, arguments, features, partitions, records, rejections
    from hybrid_lake_etl.cleaning import clean_row
    from hybrid_lake_etl.errors import EtlInputError
except ImportError as _missing:  # run by hand without the Glue sources on the path
    sys.exit("local_job: %s: run it with infra/glue on PYTHONPATH" % _missing)

# The deployed job scripts live beside the shared module (infra/glue): this script reads their
# contract from there, and is not itself shipped to Glue.
JOBS_DIRECTORY = pathlib.Path(hybrid_lake_etl.__file__).resolve().parent.parent / "jobs"
JOBS = ("raw_to_clean", "clean_to_curated")
CORRUPT_RECORD_FIELD = "_corrupt_record"  # Spark's name for a line its JSON reader cannot parse
CURATED_SOURCES = ("access_events", "transactions", "interactions")  # what clean_to_curated.py reads
# A namespace for deterministic file names: a rerun replaces its own files instead of adding copies.
_FILE_NAMESPACE = uuid.UUID("6f1c2b1e-4d0a-4b8e-9a57-3c2f4e8d9b10")


class LocalJobError(EtlInputError):
    """The job cannot run on what it was given (the deployed job would fail the same way)."""


def spark_arguments(job):
    """The argument names the Spark script reads with getResolvedOptions: its contract, read from
    the script itself so it is written in one place."""
    tree = ast.parse((JOBS_DIRECTORY / (job + ".py")).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "getResolvedOptions":
            return [element.value for element in node.args[1].elts]
    raise LocalJobError("jobs/%s.py reads no arguments" % job)


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise LocalJobError(message)


def parse_command_line(argv):
    job_parser = _Parser(add_help=False)
    job_parser.add_argument("--job", required=True, choices=JOBS)
    job = job_parser.parse_known_args(argv)[0].job
    parser = _Parser(prog="local_job.py")
    parser.add_argument("--job", required=True, choices=JOBS)
    parser.add_argument("--describe-inputs", action="store_true")
    for name in ("input", "output", "catalog", "run-date", "now", "from-date"):
        parser.add_argument("--" + name)
    for name in spark_arguments(job):
        parser.add_argument("--" + name, dest="spark_" + name, required=True)
    options = parser.parse_args(argv)
    needed = ("job",) if options.describe_inputs else ("input", "output", "catalog", "run_date", "now")
    missing = [name for name in needed if getattr(options, name) is None]
    if missing:
        raise LocalJobError("missing --%s" % ", --".join(name.replace("_", "-") for name in missing))
    return options


def _spark(options, name):
    return getattr(options, "spark_" + name)


def parse_now(text):
    """An ISO 8601 time that names its zone; the job's clock (Glue's run time)."""
    try:
        moment = _dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except (AttributeError, ValueError) as error:
        raise LocalJobError("--now %r is not an ISO 8601 time" % (text,), error) from error
    if moment.tzinfo is None:
        raise LocalJobError("--now %r names no time zone" % (text,))
    return moment.astimezone(_dt.timezone.utc)


def _from_date(options, run_date):
    """The first day raw_to_clean reads: `--from-date` (a backfill) or the run date."""
    if options.from_date is None:
        return run_date
    first = parse_run_date(options.from_date, "--from-date")
    if first > run_date:
        raise LocalJobError("--from-date %s is after --run-date %s" % (first, run_date))
    return first


def parse_run_date(text, name="--run-date"):
    try:
        return _dt.date.fromisoformat(text)
    except (TypeError, ValueError) as error:
        raise LocalJobError("%s %r is not YYYY-MM-DD" % (name, text), error) from error


def planned_reads(options):
    """`[(database, table, partitions)]`: partitions is "all" (the whole table), "run_date" (only
    the run date's) or "none" (a table the job writes: its shape, from the catalog, and no data)."""
    if options.job == "raw_to_clean":
        database = _spark(options, "RAW_DATABASE")
        return [(database, name, "run_date") for name in arguments.parse_dataset_list(_spark(options, "DATASETS"))]
    sources = [(_spark(options, "CLEAN_DATABASE"), name, "all") for name in CURATED_SOURCES]
    return sources + [(_spark(options, "CURATED_DATABASE"), name, "none") for name in aggregates.AGGREGATES]


class Catalog:
    def __init__(self, path):
        try:
            tables = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
            self._tables = {(t["DatabaseName"], t["Name"]): t for t in tables}
        except (OSError, ValueError, TypeError, KeyError) as error:
            raise LocalJobError("the catalog %s cannot be read: %s" % (path, error), error) from error

    def table(self, database, name):
        table = self._tables.get((database, name))
        if table is None:
            raise LocalJobError("table %s.%s is not in the Glue Data Catalog" % (database, name))
        return table

    def shape(self, database, name):
        """`(columns, partition keys, (bucket, prefix))`, read from the table as raw_to_clean.py does."""
        table = self.table(database, name)
        columns = [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]]
        for _, column_type in columns:
            records.check_type(column_type)
        keys = [k["Name"] for k in table.get("PartitionKeys", [])]
        partitions.check_partition_keys(tuple(keys))
        location = table["StorageDescriptor"]["Location"]
        if not location.startswith("s3://") or "/" not in location[5:]:
            raise LocalJobError("table %s.%s has no s3:// location" % (database, name))
        bucket, prefix = location[5:].split("/", 1)
        prefix = prefix.strip("/")
        return columns, keys, (bucket, prefix + "/" if prefix else "")


def read_partitions(root, location, keys, days):
    """`(partition values, line)` for each non-empty line of the table's files; only the
    partitions of `days` when it is given. Hidden files (`_…`, `.…`) are skipped, as Spark does."""
    bucket, prefix = location
    table_directory = pathlib.Path(root, bucket, prefix)
    starts = [table_directory]
    if days is not None:
        folders = (partitions.partition_values(day, keys[:3]) for day in days)
        starts = [table_directory.joinpath(*("%s=%s" % kv for kv in day.items())) for day in folders]
    files = sorted(p for start in starts if start.is_dir() for p in start.rglob("*") if p.is_file())
    for path in files:
        if path.name.startswith(("_", ".")):
            continue
        relative = path.relative_to(table_directory)
        segments = relative.parts[:-1]
        if [segment.split("=", 1)[0] for segment in segments] != list(keys):
            where = "s3://%s/%s%s" % (bucket, prefix, relative.as_posix())
            raise LocalJobError("%s is not in a %s partition" % (where, "/".join(keys)))
        values = dict(segment.split("=", 1) for segment in segments)
        for line in path.read_bytes().decode("utf-8", errors="replace").splitlines():
            if line.strip():
                yield values, line


def raw_rows(lines):
    """Raw records with their partition values; a line that is not a JSON object becomes a
    `_corrupt_record` row (Spark's permissive JSON reading) that cleaning then rejects."""
    for values, line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict):
            yield None, dict(values, **{CORRUPT_RECORD_FIELD: line})
        else:
            yield dict(record, **values), None


def days_between(first, last):
    """Every day from `first` to `last`, both included (none when `first` is later)."""
    return [first + _dt.timedelta(days=offset) for offset in range((last - first).days + 1)]


def raw_to_clean(options, catalog, root, run_date, now, output):
    clean_bucket = _spark(options, "CLEAN_BUCKET")
    record_id_columns = arguments.parse_column_map(_spark(options, "RECORD_ID_COLUMNS"))
    summary = {"recordsIn": {}, "recordsOut": {}, "rejected": {}}
    files = []
    for database, dataset, _ in planned_reads(options):
        record_id = arguments.column_for(record_id_columns, dataset, "RECORD_ID_COLUMNS")
        columns, keys, location = catalog.shape(database, dataset)
        good, rejected, count = [], [], 0
        days = days_between(_from_date(options, run_date), run_date)
        for row, corrupt in raw_rows(read_partitions(root, location, keys, days)):
            count += 1
            if corrupt is not None:
                rejected.append(rejections.reject(corrupt, "%s:invalid_json" % CORRUPT_RECORD_FIELD, now))
                continue
            clean, rejection = clean_row(row, columns, record_id, keys, now)
            if rejection is None:
                good.append(clean)
            else:
                rejected.append(rejection)
        # One row per record id, the latest partition winning; the others are parked, not dropped.
        kept, duplicates = records.deduplicate(good, record_id, order_by=lambda r: tuple(r[k] for k in keys))
        rejected += [rejections.reject(d, "%s:duplicate_record_id" % record_id, now) for d in duplicates]
        names = [name for name, _ in columns]
        for values, rows in _by_partition(kept, keys).items():
            key = "%s/%s" % (dataset, "".join("%s=%s/" % kv for kv in zip(keys, values)))
            files.append(_write(output, _file(clean_bucket, key, [row_line(row, names) for row in rows])))
        if rejected:
            key = "_rejected/%s/day=%s/" % (dataset, now.date().isoformat())
            lines = [rejections.to_json_line(r) for r in rejected]
            files.append(_write(output, _file(clean_bucket, key, lines, run_date)))
        reasons = {}
        for rejection in rejected:
            reasons[rejection[rejections.REASON_FIELD]] = reasons.get(rejection[rejections.REASON_FIELD], 0) + 1
        summary["recordsIn"][dataset], summary["recordsOut"][dataset] = count, len(kept)
        summary["rejected"][dataset] = dict(sorted(reasons.items()))
    return summary, files


def clean_to_curated(options, catalog, root, now):
    curated_bucket = _spark(options, "CURATED_BUCKET")
    tables = {}
    for database, name, partitions_read in planned_reads(options):
        if partitions_read == "none":
            continue
        columns, keys, location = catalog.shape(database, name)
        rows = []
        for values, line in read_partitions(root, location, keys, None):
            try:
                record = json.loads(line, parse_float=_decimal.Decimal)
            except ValueError as error:
                message = "a file of %s.%s is not JSON lines: %s" % (database, name, error)
                raise LocalJobError(message, error) from error
            typed, reason = records.coerce_record(record if isinstance(record, dict) else {}, columns)
            if reason is not None or not isinstance(record, dict):
                # Clean files are written typed: one that is not is corrupt, like an unreadable Parquet file.
                problem = reason or "not an object"
                raise LocalJobError("a row of %s.%s (%s) does not fit its table: %s" % (database, name, values, problem))
            rows.append(typed)
        tables[name] = rows
    events, transactions, interactions = tables["access_events"], tables["transactions"], tables["interactions"]
    as_of = aggregates.last_complete_day(now)
    results = {
        "accesses_per_minute": aggregates.accesses_per_minute(events),
        "accesses_by_device_and_content_type": aggregates.accesses_by_device_and_content_type(events),
        "accesses_by_country_and_city": aggregates.accesses_by_country_and_city(events),
        "sales_by_product": aggregates.sales_by_product(transactions),
        "customer_rfm": aggregates.customer_rfm(transactions, as_of),
        "customer_features": features.customer_features(transactions, interactions, as_of),
        "churn_training": features.churn_training(transactions, interactions, as_of),
    }
    # Spark names a run's files after the run (dynamic partition overwrite), so a day rewritten
    # tonight gets new objects and yesterday's are deleted: the mirror must follow both.
    run_id = uuid.uuid4()
    files, replaced = [], []
    for name, rows in results.items():
        # The curated table says the columns, their order and where the files go, as for Spark.
        columns, keys, (_, prefix) = catalog.shape(_spark(options, "CURATED_DATABASE"), name)
        names = [column for column, _ in columns]
        if tuple(keys) != partitions.DAILY:
            raise LocalJobError("curated table %s is not partitioned by %s" % (name, "/".join(partitions.DAILY)))
        day_column = aggregates.PARTITION_COLUMNS[name]
        dated = [dict(r, **partitions.partition_values(r[day_column], partitions.DAILY)) for r in rows]
        by_day = _by_partition(dated, partitions.DAILY)
        for values, day_rows in by_day.items():
            key = prefix + "".join("%s=%s/" % kv for kv in zip(partitions.DAILY, values))
            files.append(_file(curated_bucket, key, [row_line(row, names) for row in day_rows], run_id))
            replaced.append({"bucket": curated_bucket, "prefix": key})
    summary = {
        "recordsIn": {name: len(rows) for name, rows in tables.items()},
        "recordsOut": {name: len(rows) for name, rows in results.items()},
        "rejected": {},
        # The partitions this run overwrites: once its files are up, every other file there goes.
        "replaced": replaced,
    }
    return summary, files


def _by_partition(rows, keys):
    groups = {}
    for row in rows:
        groups.setdefault(tuple(row[k] for k in keys), []).append(row)
    return dict(sorted(groups.items()))


def _file(bucket, prefix, lines, *name_parts):
    identity = "/".join([bucket, prefix] + [str(part) for part in name_parts])
    name = "part-00000-%s.c000.json" % uuid.uuid5(_FILE_NAMESPACE, identity)
    return {"bucket": bucket, "key": prefix + name, "lines": lines}


def _write(output, file):
    """Writes a file under OUT and returns what the summary lists of it (its lines dropped)."""
    path = pathlib.Path(output, file["bucket"], file["key"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(file["lines"]) + "\n", encoding="utf-8")
    return {"bucket": file["bucket"], "key": file["key"], "records": len(file["lines"])}


def _timestamp_text(moment):
    utc = partitions.to_utc(moment)
    fraction = ".%03d" % (utc.microsecond // 1000) if utc.microsecond % 1000 == 0 else ".%06d" % utc.microsecond
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


def _json_value(value):
    if isinstance(value, _decimal.Decimal):
        return format(value, "f")  # a JSON number with the decimal's exact digits
    if isinstance(value, _dt.datetime):
        return json.dumps(_timestamp_text(value))
    if isinstance(value, _dt.date):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _plain(value):
    if isinstance(value, _dt.datetime):
        return _timestamp_text(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def row_line(row, names):
    """One JSON object with exactly `names`, in order: the columns a Parquet file would hold."""
    values = [row.get(name) for name in names]
    if any(isinstance(value, _decimal.Decimal) for value in values):
        # JSON has no decimal type: each value is written itself, a decimal with its exact digits.
        return "{" + ",".join("%s:%s" % (json.dumps(n), _json_value(v)) for n, v in zip(names, values)) + "}"
    return _ENCODE({name: _plain(value) for name, value in zip(names, values)})


def run(argv):
    options = parse_command_line(argv)
    if options.describe_inputs:
        reads = planned_reads(options)
        return {"reads": [{"database": d, "table": t, "partitions": p} for d, t, p in reads]}
    now = parse_now(options.now)
    run_date = parse_run_date(options.run_date)
    catalog = Catalog(options.catalog)
    if options.job == "raw_to_clean":
        summary, written = raw_to_clean(options, catalog, options.input, run_date, now, options.output)
    else:
        summary, files = clean_to_curated(options, catalog, options.input, now)
        written = [_write(options.output, file) for file in files]
    header = {"job": options.job, "runDate": run_date.isoformat(), "now": _timestamp_text(now)}
    return dict(header, **summary, files=written)


def main(argv=None):
    try:
        print(json.dumps(run(sys.argv[1:] if argv is None else argv)))
        return 0
    except (EtlInputError, OSError) as error:  # LocalJobError is one
        print("local_job: %s: %s" % (type(error).__name__, error), file=sys.stderr)
    except Exception as error:  # the contract is one line, whatever went wrong
        print("local_job: unexpected %s: %s" % (type(error).__name__, error), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
