"""Glue batch job: raw -> clean for each dataset in DATASETS.

Per dataset: read the new raw data from the catalog (job bookmarks, one transformation_ctx per
dataset), enforce the catalog table's schema and types, normalise e-mails and names, parse web
log lines that arrived as text, keep one row per record id, and write:

- good rows as Parquet to s3://<CLEAN_BUCKET>/<dataset>/, partitioned like raw;
- every other row, as it arrived, with `_reject_reason` and `_rejected_at`, as JSON lines to
  s3://<CLEAN_BUCKET>/_rejected/<dataset>/day=YYYY-MM-DD/ (the day of rejection);

then evaluate the dataset's DQDL ruleset on the good rows and publish the results (Glue Data
Quality results and CloudWatch metrics); Glue sends "Data Quality Evaluation Results
Available" to EventBridge, where the alerting picks up failures.
"""

import datetime as _dt
import sys

import boto3
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from awsgluedq.transforms import EvaluateDataQuality
from pyspark.context import SparkContext
from pyspark.sql import Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

from hybrid_lake_etl import arguments, quality, records, rejections
from hybrid_lake_etl.cleaning import clean_row

args = getResolvedOptions(
    sys.argv,
    ["JOB_NAME", "DATASETS", "RAW_DATABASE", "CLEAN_BUCKET", "RECORD_ID_COLUMNS"],
)
datasets = arguments.parse_dataset_list(args["DATASETS"])
record_id_columns = arguments.parse_column_map(args["RECORD_ID_COLUMNS"])

spark_context = SparkContext.getOrCreate()
glue_context = GlueContext(spark_context)
spark = glue_context.spark_session
spark.conf.set("spark.sql.session.timeZone", "UTC")
job = Job(glue_context)
job.init(args["JOB_NAME"], args)
glue = boto3.client("glue")

SPARK_TYPES = {
    "string": T.StringType(),
    "int": T.IntegerType(),
    "bigint": T.LongType(),
    "double": T.DoubleType(),
    "boolean": T.BooleanType(),
    "date": T.DateType(),
    "timestamp": T.TimestampType(),
}


def spark_type(column_type):
    shape = records.decimal_shape(column_type)
    if shape is not None:
        return T.DecimalType(*shape)
    records.check_type(column_type)
    return SPARK_TYPES[column_type]


def table_shape(dataset):
    """`(columns, partition keys)` of the raw table: the catalog is the schema's one source."""
    table = glue.get_table(DatabaseName=args["RAW_DATABASE"], Name=dataset)["Table"]
    columns = [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]]
    keys = [k["Name"] for k in table.get("PartitionKeys", [])]
    return columns, keys


def write_rejections(rejected_lines, dataset, rejected_at):
    if rejected_lines.isEmpty():
        return
    day = rejected_at.strftime("%Y-%m-%d")
    path = "s3://%s/_rejected/%s/day=%s/" % (args["CLEAN_BUCKET"], dataset, day)
    spark.createDataFrame(rejected_lines.map(lambda line: (line,)), "value string").write.mode(
        "append"
    ).text(path)


def process(dataset):
    record_id = arguments.column_for(record_id_columns, dataset, "RECORD_ID_COLUMNS")
    columns, keys = table_shape(dataset)
    rejected_at = _dt.datetime.now(_dt.timezone.utc)
    raw = glue_context.create_dynamic_frame.from_catalog(
        database=args["RAW_DATABASE"],
        table_name=dataset,
        transformation_ctx="raw_to_clean_" + dataset,
    ).toDF()
    if raw.rdd.isEmpty():
        return

    def clean_partition(rows):
        for row in rows:
            good, rejected = clean_row(row.asDict(recursive=True), columns, record_id, keys, rejected_at)
            yield (good, None) if rejected is None else (None, rejections.to_json_line(rejected))

    outcomes = raw.rdd.mapPartitions(clean_partition).cache()
    schema = T.StructType(
        [T.StructField(name, spark_type(t), True) for name, t in columns]
        + [T.StructField(key, T.StringType(), False) for key in keys]
    )
    names = [name for name, _ in columns] + keys
    typed = spark.createDataFrame(
        outcomes.filter(lambda o: o[0] is not None).map(lambda o: tuple(o[0][n] for n in names)), schema
    )
    # One row per record id; the one from the latest partition wins. The others are parked as
    # rejections, not dropped.
    latest_first = Window.partitionBy(record_id).orderBy(*[F.col(k).desc() for k in keys])
    ranked = typed.withColumn("_copy", F.row_number().over(latest_first)).cache()
    good = ranked.where(F.col("_copy") == 1).drop("_copy")
    duplicates = ranked.where(F.col("_copy") > 1).drop("_copy")

    good.write.mode("append").partitionBy(*keys).parquet("s3://%s/%s/" % (args["CLEAN_BUCKET"], dataset))
    duplicate_lines = duplicates.rdd.map(
        lambda row: rejections.to_json_line(
            rejections.reject(row.asDict(), "%s:duplicate_record_id" % record_id, rejected_at)
        )
    )
    write_rejections(outcomes.filter(lambda o: o[1] is not None).map(lambda o: o[1]).union(duplicate_lines), dataset, rejected_at)

    # Evaluated after the write: bad data quality raises an alert but does not hold back rows
    # that passed every per-record check.
    EvaluateDataQuality.apply(
        frame=DynamicFrame.fromDF(good, glue_context, "clean_" + dataset),
        ruleset=quality.ruleset(columns, record_id),
        publishing_options={
            "dataQualityEvaluationContext": quality.evaluation_context(dataset),
            "enableDataQualityCloudWatchMetrics": True,
            "enableDataQualityResultsPublishing": True,
        },
    )
    ranked.unpersist()
    outcomes.unpersist()


for name in datasets:
    process(name)
job.commit()
