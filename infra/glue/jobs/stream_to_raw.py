"""Glue streaming job: one MSK topic -> the raw zone, as Parquet partitioned by event time.

Records are JSON. Each micro-batch (forEachBatch, one per WINDOW_SECONDS) gets the partition
values of its event time in UTC and is appended under
s3://<RAW_BUCKET>/<DATASET>/year=YYYY/month=MM/day=DD/hour=HH/. A record whose event time is
missing or unreadable cannot be placed; it is written, as received and with the reason, under
s3://<RAW_BUCKET>/_rejected/<DATASET>/ instead of being dropped.

Web log lines may arrive as text wrapped in JSON, `{"raw_line": "<access log line>"}`, in the
combined or the common log format: the line is kept as it is, and only its time (with its
offset, `-0400` as well as `+0000`) is read here to choose the partition; the raw-to-clean job
parses it.
"""

import datetime as _dt
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F
from pyspark.sql.types import TimestampType

from hybrid_lake_etl import partitions, rejections, streaming, web_logs
from hybrid_lake_etl.cleaning import RAW_LINE_FIELD

args = getResolvedOptions(
    sys.argv,
    [
        "JOB_NAME",
        "TOPIC",
        "DATASET",
        "EVENT_TIME_COLUMN",
        "RAW_BUCKET",
        "CHECKPOINT_LOCATION",
        "KAFKA_CONNECTION",
        "WINDOW_SECONDS",
    ],
)
# Optional: the dataset's time partition keys, coarse to fine. Daily datasets pass
# "year,month,day"; without it the job partitions by the hour.
OPTIONAL_ARGUMENTS = {"PARTITION_KEYS": ",".join(partitions.HOURLY)}
for name, default in OPTIONAL_ARGUMENTS.items():
    flag = "--" + name
    args[name] = getResolvedOptions(sys.argv, [name])[name] if flag in sys.argv else default

dataset = args["DATASET"]
event_time_column = args["EVENT_TIME_COLUMN"]
partition_keys = partitions.parse_partition_keys(args["PARTITION_KEYS"])
window_seconds = int(args["WINDOW_SECONDS"])
if window_seconds <= 0:
    raise ValueError("WINDOW_SECONDS must be a positive number of seconds")
raw_prefix = "s3://%s/%s/" % (args["RAW_BUCKET"], dataset)
rejected_prefix = "s3://%s/_rejected/%s/" % (args["RAW_BUCKET"], dataset)

spark_context = SparkContext.getOrCreate()
glue_context = GlueContext(spark_context)
spark = glue_context.spark_session
# Partition values are UTC whatever the cluster's zone.
spark.conf.set("spark.sql.session.timeZone", "UTC")
job = Job(glue_context)
job.init(args["JOB_NAME"], args)

# The Glue connection carries the brokers and IAM (SASL AWS_MSK_IAM) authentication over TLS.
stream = glue_context.create_data_frame.from_options(
    connection_type="kafka",
    connection_options={
        "connectionName": args["KAFKA_CONNECTION"],
        "topicName": args["TOPIC"],
        "classification": "json",
        "inferSchema": "true",
        "startingOffsets": "earliest",
        # Records past retention are gone whatever the job does; stopping would not recover
        # them, and the checkpoint shows the gap.
        "failOnDataLoss": "false",
    },
    transformation_ctx="kafka_" + dataset,
)

request_time_of_line = F.udf(web_logs.request_time_of, TimestampType())


def event_time(batch):
    """The batch's event time as a UTC timestamp column; null when absent or unreadable."""
    # A batch may mix structured records and wrapped text lines: each row uses what it has.
    candidates = []
    if event_time_column in batch.columns:
        candidates.append(F.to_timestamp(F.col(event_time_column)))
    if RAW_LINE_FIELD in batch.columns:
        candidates.append(request_time_of_line(F.col(RAW_LINE_FIELD)))
    if not candidates:
        return F.lit(None).cast(TimestampType())
    return F.coalesce(*candidates) if len(candidates) > 1 else candidates[0]


def write_rejections(unplaced):
    rejected_at = rejections.rejected_at_text(_dt.datetime.now(_dt.timezone.utc))
    day = rejected_at[:10]
    (
        unplaced.withColumn(rejections.REASON_FIELD, F.lit(streaming.unplaced_reason(event_time_column)))
        .withColumn(rejections.REJECTED_AT_FIELD, F.lit(rejected_at))
        .write.mode("append")
        .json(rejected_prefix + "day=%s/" % day)
    )


def write_batch(batch, batch_id):
    if batch.rdd.isEmpty():
        return
    timed = batch.withColumn("_event_time", event_time(batch)).cache()
    try:
        placed = timed.where(F.col("_event_time").isNotNull())
        formats = {"year": "yyyy", "month": "MM", "day": "dd", "hour": "HH"}
        for key in partition_keys:
            placed = placed.withColumn(key, F.date_format(F.col("_event_time"), formats[key]))
        if event_time_column in placed.columns:
            # Stored typed, as the raw table declares it, in UTC.
            placed = placed.withColumn(event_time_column, F.col("_event_time"))
        placed.drop("_event_time").write.mode("append").partitionBy(*partition_keys).parquet(raw_prefix)
        unplaced = timed.where(F.col("_event_time").isNull()).drop("_event_time")
        if not unplaced.rdd.isEmpty():
            write_rejections(unplaced)
    finally:
        timed.unpersist()


glue_context.forEachBatch(
    frame=stream,
    batch_function=write_batch,
    options={
        "windowSize": "%d seconds" % window_seconds,
        "checkpointLocation": args["CHECKPOINT_LOCATION"],
    },
)
job.commit()
