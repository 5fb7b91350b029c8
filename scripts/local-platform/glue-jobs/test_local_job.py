"""local_job.py, the Spark-free run of the batch jobs, on a lake written to a temporary folder."""

import contextlib
import io
import json
import pathlib
import tempfile
import unittest

import local_job
from tests.test_jobs import CONTRACT

HOURLY = ["year", "month", "day", "hour"]
DAILY = ["year", "month", "day"]
NOW = "2026-03-08T02:00:00Z"
LINE = '198.51.100.7 - - [07/Mar/2026:10:15:00 +0100] "GET /shop?q=tv HTTP/1.1" 200 512 "-" "Mozilla/5.0"'
RAW_ARGUMENTS = [
    "--JOB_NAME", "hybrid-lake-test-raw-to-clean",
    "--DATASETS", "web_logs,customers",
    "--RAW_DATABASE", "raw_db",
    "--CLEAN_BUCKET", "clean-bucket",
    "--RECORD_ID_COLUMNS", "web_logs:request_id,customers:customer_id",
]
CURATED_ARGUMENTS = [
    "--JOB_NAME", "hybrid-lake-test-clean-to-curated",
    "--CLEAN_DATABASE", "clean_db",
    "--CURATED_DATABASE", "curated_db",
    "--CURATED_BUCKET", "curated-bucket",
]
TABLES = {
    "web_logs": (HOURLY, [("request_id", "string"), ("client_ip", "string"), ("request_time", "timestamp"),
                          ("method", "string"), ("url", "string"), ("status", "int"), ("bytes_sent", "bigint"),
                          ("referrer", "string"), ("user_agent", "string")]),
    "customers": (DAILY, [("customer_id", "string"), ("full_name", "string"), ("email", "string"),
                          ("updated_at", "timestamp")]),
    "access_events": (HOURLY, [("event_id", "string"), ("user_id", "string"), ("event_time", "timestamp"),
                               ("device", "string"), ("content_type", "string"), ("country", "string"),
                               ("city", "string"), ("duration_seconds", "int")]),
    "transactions": (DAILY, [("transaction_id", "string"), ("order_id", "string"), ("customer_id", "string"),
                             ("product_id", "string"), ("product_category", "string"), ("quantity", "int"),
                             ("unit_price", "decimal(12,2)"), ("currency", "string"),
                             ("transaction_time", "timestamp")]),
    # The curated tables: the job writes their columns in the catalog's order.
    "accesses_per_minute": (DAILY, [("minute", "timestamp"), ("accesses", "bigint"), ("unique_users", "bigint")]),
    "accesses_by_device_and_content_type": (DAILY, [("event_date", "date"), ("device", "string"),
                                                    ("content_type", "string"), ("accesses", "bigint"),
                                                    ("unique_users", "bigint"), ("watched_seconds", "bigint")]),
    "accesses_by_country_and_city": (DAILY, [("event_date", "date"), ("country", "string"), ("city", "string"),
                                             ("accesses", "bigint"), ("unique_users", "bigint")]),
    "sales_by_product": (DAILY, [("sale_date", "date"), ("product_id", "string"), ("currency", "string"),
                                 ("product_category", "string"), ("units", "bigint"),
                                 ("revenue", "decimal(33,2)"), ("orders", "bigint")]),
    "customer_rfm": (DAILY, [("as_of_date", "date"), ("customer_id", "string"), ("currency", "string"),
                             ("last_purchase_date", "date"), ("recency_days", "int"), ("frequency", "bigint"),
                             ("monetary", "decimal(33,2)"), ("r_score", "int"), ("f_score", "int"),
                             ("m_score", "int"), ("rfm_score", "string")]),
}
FEATURES = [("currency", "string"), ("tenure_days", "int"), ("recency_days", "int"), ("orders", "bigint"),
            ("orders_30d", "bigint"), ("orders_90d", "bigint"), ("mean_gap_days", "double"), ("spend_pct", "double"),
            ("basket_pct", "double"), ("categories", "bigint"), ("sessions_30d", "bigint"),
            ("views_per_session_90d", "double"), ("cart_adds_90d", "bigint"), ("mobile_share_90d", "double")]
TABLES["interactions"] = (DAILY, [("interaction_id", "string"), ("customer_id", "string"), ("session_id", "string"),
                                  ("interaction_type", "string"), ("page_url", "string"), ("product_id", "string"),
                                  ("device", "string"), ("interaction_time", "timestamp")])
TABLES["customer_features"] = (DAILY, [("as_of_date", "date"), ("customer_id", "string")] + FEATURES)
TABLES["churn_training"] = (DAILY, [("as_of_date", "date"), ("cutoff_date", "date"), ("customer_id", "string")]
                            + FEATURES + [("churned", "int"), ("holdout", "boolean")])
CURATED_TABLES = ("accesses_per_minute", "accesses_by_device_and_content_type", "accesses_by_country_and_city",
                  "sales_by_product", "customer_rfm", "customer_features", "churn_training")


def catalog_table(database, bucket, name):
    keys, columns = TABLES[name]
    return {
        "DatabaseName": database,
        "Name": name,
        "PartitionKeys": [{"Name": key, "Type": "string"} for key in keys],
        "StorageDescriptor": {
            "Columns": [{"Name": column, "Type": kind} for column, kind in columns],
            "Location": "s3://%s/%s/" % (bucket, name),
        },
    }


class LocalLake:
    """A temporary input/output pair and a catalog of the test tables."""

    def __init__(self, root):
        self.root = pathlib.Path(root)
        self.catalog = self.root / "catalog.json"
        tables = [catalog_table("raw_db", "raw-bucket", n) for n in ("web_logs", "customers")]
        tables += [catalog_table("clean_db", "clean-bucket", n) for n in ("access_events", "transactions", "interactions")]
        tables += [catalog_table("curated_db", "curated-bucket", n) for n in CURATED_TABLES]
        self.catalog.write_text(json.dumps(tables), encoding="utf-8")

    def put(self, bucket, key, lines):
        path = self.root / "in" / bucket / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")

    def run(self, job, spark_arguments, run_date="2026-03-07", now=NOW):
        argv = ["--job", job, "--input", str(self.root / "in"), "--output", str(self.root / "out"),
                "--catalog", str(self.catalog), "--run-date", run_date, "--now", now] + spark_arguments
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = local_job.main(argv)
        return status, (json.loads(stdout.getvalue()) if status == 0 else None), stderr.getvalue()

    def written(self, bucket, prefix):
        """`{key: [rows]}` of the output files under a prefix."""
        base = self.root / "out" / bucket
        return {
            path.relative_to(base).as_posix(): [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
            for path in sorted((base / prefix).rglob("*.json"))
        }


class RawToCleanTest(unittest.TestCase):
    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.lake = LocalLake(directory.name)
        hour = "web_logs/year=2026/month=03/day=07/hour=09/"
        self.lake.put("raw-bucket", hour + "part-00000-a.c000.json", [
            json.dumps({"raw_line": LINE}),
            json.dumps({"raw_line": LINE}),  # a replayed line: same request id
            json.dumps({"raw_line": LINE.replace(" 200 ", " 2xx ")}),
            "{not json",
        ])
        self.lake.put("raw-bucket", "customers/year=2026/month=03/day=07/part-00000-b.c000.json", [
            json.dumps({"customer_id": "c1", "full_name": "ann o'BRIEN", "email": " Ann@Example.COM ",
                        "updated_at": "2026-03-07T08:00:00Z"}),
            json.dumps({"customer_id": "c2", "email": "bob@@example.com", "updated_at": "2026-03-07T09:00:00Z"}),
        ])
        # Another day's partition: not this run's input.
        self.lake.put("raw-bucket", "customers/year=2026/month=03/day=06/part-00000-c.c000.json",
                      [json.dumps({"customer_id": "c0", "updated_at": "2026-03-06T09:00:00Z"})])

    def test_counts_and_rejections_by_reason(self):
        status, summary, _ = self.lake.run("raw_to_clean", RAW_ARGUMENTS)
        self.assertEqual(status, 0)
        self.assertEqual(summary["recordsIn"], {"web_logs": 4, "customers": 2})
        self.assertEqual(summary["recordsOut"], {"web_logs": 1, "customers": 1})
        self.assertEqual(summary["rejected"], {
            "web_logs": {"_corrupt_record:invalid_json": 1, "raw_line:invalid_status": 1,
                         "request_id:duplicate_record_id": 1},
            "customers": {"email:several_at_signs": 1},
        })

    def test_clean_rows_hold_the_typed_columns_under_the_raw_partition(self):
        self.lake.run("raw_to_clean", RAW_ARGUMENTS)
        logs = self.lake.written("clean-bucket", "web_logs")
        [(key, rows)] = logs.items()
        self.assertRegex(key, r"^web_logs/year=2026/month=03/day=07/hour=09/part-00000-[0-9a-f-]{36}\.c000\.json$")
        self.assertEqual(list(rows[0]), [name for name, _ in TABLES["web_logs"][1]])
        self.assertEqual(rows[0]["request_time"], "2026-03-07T09:15:00.000Z")
        self.assertEqual((rows[0]["status"], rows[0]["bytes_sent"], rows[0]["referrer"]), (200, 512, None))
        [customers] = self.lake.written("clean-bucket", "customers").values()
        self.assertEqual(customers, [{"customer_id": "c1", "full_name": "Ann O'Brien", "email": "Ann@example.com",
                                      "updated_at": "2026-03-07T08:00:00.000Z"}])

    def test_rejections_keep_the_original_under_the_day_of_rejection(self):
        self.lake.run("raw_to_clean", RAW_ARGUMENTS)
        [(key, rows)] = self.lake.written("clean-bucket", "_rejected/customers").items()
        self.assertTrue(key.startswith("_rejected/customers/day=2026-03-08/"))
        self.assertEqual(rows[0]["email"], "bob@@example.com")
        self.assertEqual(rows[0]["_rejected_at"], "2026-03-08T02:00:00.000Z")
        corrupt = [r for rows in self.lake.written("clean-bucket", "_rejected/web_logs").values() for r in rows
                   if r["_reject_reason"] == "_corrupt_record:invalid_json"]
        self.assertEqual(corrupt[0]["_corrupt_record"], "{not json")

    def test_files_listed_are_the_files_written_and_a_rerun_replaces_them(self):
        _, first, _ = self.lake.run("raw_to_clean", RAW_ARGUMENTS)
        _, second, _ = self.lake.run("raw_to_clean", RAW_ARGUMENTS)
        self.assertEqual(first["files"], second["files"])
        written = {**self.lake.written("clean-bucket", "")}
        self.assertEqual(sorted(written), sorted(f["key"] for f in first["files"]))
        self.assertEqual(sum(f["records"] for f in first["files"]), 2 + 4)

    def test_describe_inputs_names_the_run_dates_partitions_of_each_dataset(self):
        stdout = io.StringIO()
        with contextlib.redirect_stdout(stdout):
            status = local_job.main(["--job", "raw_to_clean", "--describe-inputs"] + RAW_ARGUMENTS)
        self.assertEqual(status, 0)
        self.assertEqual(json.loads(stdout.getvalue())["reads"], [
            {"database": "raw_db", "table": "web_logs", "partitions": "run_date"},
            {"database": "raw_db", "table": "customers", "partitions": "run_date"},
        ])


class CleanToCuratedTest(unittest.TestCase):
    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.lake = LocalLake(directory.name)
        event = {"user_id": "u1", "device": "tv", "content_type": "movie", "country": "FR", "city": "Lyon"}
        self.lake.put("clean-bucket", "access_events/year=2026/month=03/day=07/hour=10/part-00000-a.c000.json", [
            json.dumps(dict(event, event_id="e1", event_time="2026-03-07T10:00:05.000Z", duration_seconds=60)),
            json.dumps(dict(event, event_id="e2", event_time="2026-03-07T10:00:50.000Z", duration_seconds=None)),
        ])
        sale = {"product_id": "p1", "product_category": "audio", "currency": "EUR"}
        self.lake.put("clean-bucket", "transactions/year=2026/month=03/day=06/part-00000-b.c000.json", [
            json.dumps(dict(sale, transaction_id="t1", order_id="o1", customer_id="c1", quantity=2,
                            transaction_time="2026-03-06T12:00:00.000Z")).replace('"currency"', '"unit_price": 19.99, "currency"'),
        ])
        self.lake.put("clean-bucket", "transactions/year=2026/month=03/day=07/part-00000-c.c000.json", [
            json.dumps(dict(sale, transaction_id="t2", order_id="o2", customer_id="c2", quantity=1,
                            transaction_time="2026-03-07T09:00:00.000Z")).replace('"currency"', '"unit_price": 5.10, "currency"'),
        ])

    def test_every_aggregate_is_written_by_day(self):
        status, summary, stderr = self.lake.run("clean_to_curated", CURATED_ARGUMENTS)
        self.assertEqual(status, 0, stderr)
        self.assertEqual(summary["recordsIn"], {"access_events": 2, "transactions": 2, "interactions": 0})
        self.assertEqual(summary["recordsOut"], {"accesses_per_minute": 1, "accesses_by_device_and_content_type": 1,
                                                 "accesses_by_country_and_city": 1, "sales_by_product": 2,
                                                 "customer_rfm": 2, "customer_features": 2, "churn_training": 0})
        [(key, rows)] = self.lake.written("curated-bucket", "customer_features").items()
        self.assertTrue(key.startswith("customer_features/year=2026/month=03/day=07/"))
        self.assertEqual(list(rows[0]), [column for column, _ in TABLES["customer_features"][1]])
        [(key, rows)] = self.lake.written("curated-bucket", "accesses_per_minute").items()
        self.assertTrue(key.startswith("accesses_per_minute/year=2026/month=03/day=07/part-00000-"))
        self.assertEqual(rows, [{"minute": "2026-03-07T10:00:00.000Z", "accesses": 2, "unique_users": 1}])
        sales = self.lake.written("curated-bucket", "sales_by_product")
        self.assertEqual([k.split("/")[3] for k in sales], ["day=06", "day=07"])
        self.assertEqual([rows[0]["revenue"] for rows in sales.values()], [39.98, 5.1])

    def test_each_run_names_its_files_anew_and_lists_the_partitions_it_replaces(self):
        _, first, _ = self.lake.run("clean_to_curated", CURATED_ARGUMENTS)
        _, second, _ = self.lake.run("clean_to_curated", CURATED_ARGUMENTS)
        first_keys = {f["key"] for f in first["files"]}
        second_keys = {f["key"] for f in second["files"]}
        self.assertEqual(len(second_keys), len(first["files"]))
        self.assertEqual(first_keys & second_keys, set())
        partitions = sorted(r["prefix"] for r in second["replaced"])
        self.assertEqual(partitions, sorted(k[: k.rindex("/") + 1] for k in second_keys))
        self.assertIn("sales_by_product/year=2026/month=03/day=06/", partitions)
        self.assertEqual({r["bucket"] for r in second["replaced"]}, {"curated-bucket"})

    def test_rfm_is_a_snapshot_of_the_last_complete_day(self):
        self.lake.run("clean_to_curated", CURATED_ARGUMENTS)
        [(key, rows)] = self.lake.written("curated-bucket", "customer_rfm").items()
        self.assertTrue(key.startswith("customer_rfm/year=2026/month=03/day=07/"))
        # The columns in the curated table's order, not in the order they are computed.
        self.assertEqual(list(rows[0]), [column for column, _ in TABLES["customer_rfm"][1]])
        by_customer = {row["customer_id"]: row for row in rows}
        self.assertEqual((by_customer["c1"]["recency_days"], by_customer["c2"]["recency_days"]), (1, 0))
        self.assertEqual(by_customer["c1"]["as_of_date"], "2026-03-07")
        self.assertEqual(by_customer["c1"]["monetary"], 39.98)

    def test_describe_inputs_names_the_whole_sources_and_the_written_tables(self):
        status, summary, stderr = self.lake.run("clean_to_curated", CURATED_ARGUMENTS + ["--describe-inputs"])
        self.assertEqual(status, 0, stderr)
        reads = [(read["database"], read["table"], read["partitions"]) for read in summary["reads"]]
        self.assertEqual(reads, [("clean_db", "access_events", "all"), ("clean_db", "transactions", "all"),
                                 ("clean_db", "interactions", "all")]
                         + [("curated_db", name, "none") for name in CURATED_TABLES])

    def test_a_curated_table_that_is_not_daily_fails_the_job(self):
        tables = json.loads(self.lake.catalog.read_text(encoding="utf-8"))
        for table in tables:
            if table["Name"] == "sales_by_product":
                table["PartitionKeys"] = [{"Name": key, "Type": "string"} for key in HOURLY]
        self.lake.catalog.write_text(json.dumps(tables), encoding="utf-8")
        status, _, stderr = self.lake.run("clean_to_curated", CURATED_ARGUMENTS)
        self.assertEqual(status, 1)
        self.assertIn("curated table sales_by_product is not partitioned by year/month/day", stderr)

    def test_a_clean_file_that_does_not_fit_its_table_fails_the_job(self):
        self.lake.put("clean-bucket", "transactions/year=2026/month=03/day=07/part-00001-x.c000.json",
                      ['{"transaction_id": "t3", "quantity": "many"}'])
        status, _, stderr = self.lake.run("clean_to_curated", CURATED_ARGUMENTS)
        self.assertEqual(status, 1)
        self.assertEqual(stderr.count("\n"), 1)
        self.assertIn("quantity:not_an_integer", stderr)
        self.assertFalse((self.lake.root / "out").exists(), "nothing is written by a failed run")


class RowLineTest(unittest.TestCase):
    def test_writes_the_columns_in_order_whether_or_not_a_decimal_is_among_them(self):
        import datetime as dt
        import decimal
        moment = dt.datetime(2026, 3, 7, 9, 15, 2, 5000, tzinfo=dt.timezone.utc)
        row = {"b": "été \"quoted\"", "a": moment, "c": None, "d": dt.date(2026, 3, 7), "e": 3}
        self.assertEqual(
            local_job.row_line(row, ["a", "b", "c", "d", "e"]),
            '{"a":"2026-03-07T09:15:02.005Z","b":"été \\"quoted\\"","c":null,"d":"2026-03-07","e":3}',
        )
        self.assertEqual(
            local_job.row_line(dict(row, e=decimal.Decimal("19.90")), ["a", "b", "c", "d", "e"]),
            '{"a":"2026-03-07T09:15:02.005Z","b":"été \\"quoted\\"","c":null,"d":"2026-03-07","e":19.90}',
        )


class CommandLineTest(unittest.TestCase):
    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.lake = LocalLake(directory.name)

    def test_the_arguments_are_the_spark_scripts(self):
        for job in local_job.JOBS:
            with self.subTest(job):
                self.assertEqual(local_job.spark_arguments(job), CONTRACT[job + ".py"])

    def test_errors_exit_one_with_one_line(self):
        cases = {
            "missing Spark argument": (RAW_ARGUMENTS[:-2], "--RECORD_ID_COLUMNS"),
            "table missing from the catalog": (
                [a.replace("customers", "interactions").replace("customer_id", "interaction_id") for a in RAW_ARGUMENTS],
                "raw_db.interactions is not in the Glue Data Catalog"),
            "record id map without the dataset": (RAW_ARGUMENTS[:-1] + ["web_logs:request_id"],
                                                  "RECORD_ID_COLUMNS has no entry for dataset 'customers'"),
        }
        for name, (arguments, message) in cases.items():
            with self.subTest(name):
                status, _, stderr = self.lake.run("raw_to_clean", arguments)
                self.assertEqual(status, 1)
                self.assertEqual(stderr.count("\n"), 1, stderr)
                self.assertIn(message, stderr)

    def test_now_must_name_its_zone(self):
        status, _, stderr = self.lake.run("raw_to_clean", RAW_ARGUMENTS, now="2026-03-08T02:00:00")
        self.assertEqual(status, 1)
        self.assertIn("names no time zone", stderr)


if __name__ == "__main__":
    unittest.main()
