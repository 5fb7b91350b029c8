"""Glue batch job: clean -> curated aggregates.

Computes the aggregates that `hybrid_lake_etl.aggregates` defines (the tested reference; the
DataFrame code below follows it column for column) and writes each as Parquet to its table in
the curated catalog database, s3://<CURATED_BUCKET>/<aggregate_name>/, with the table's columns
in the table's order, partitioned by year/month/day of its time (`aggregates.PARTITION_COLUMNS`).

Aggregates are recomputed from the whole clean tables and each day's partition is replaced
(dynamic partition overwrite): a late record in clean corrects its day on the next run, and
reruns are idempotent. RFM is a daily snapshot as of the last complete UTC day (the one the warehouse loads next),
partitioned by that day.
"""

import datetime as _dt
import sys

import boto3
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import Window
from pyspark.sql import functions as F

from hybrid_lake_etl import aggregates

args = getResolvedOptions(sys.argv, ["JOB_NAME", "CLEAN_DATABASE", "CURATED_DATABASE", "CURATED_BUCKET"])

spark_context = SparkContext.getOrCreate()
glue_context = GlueContext(spark_context)
spark = glue_context.spark_session
spark.conf.set("spark.sql.session.timeZone", "UTC")
spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
job = Job(glue_context)
job.init(args["JOB_NAME"], args)
glue = boto3.client("glue")


def clean_table(name):
    return glue_context.create_dynamic_frame.from_catalog(
        database=args["CLEAN_DATABASE"], table_name=name
    ).toDF()


def table_columns(name):
    """The curated table's columns in order: the catalog (the platform definition) is their one source."""
    table = glue.get_table(DatabaseName=args["CURATED_DATABASE"], Name=name)["Table"]
    return [column["Name"] for column in table["StorageDescriptor"]["Columns"]]


def write(frame, name):
    day = F.col(aggregates.PARTITION_COLUMNS[name])
    (
        frame.select(*table_columns(name))
        .withColumn("year", F.date_format(day, "yyyy"))
        .withColumn("month", F.date_format(day, "MM"))
        .withColumn("day", F.date_format(day, "dd"))
        .write.mode("overwrite")
        .partitionBy("year", "month", "day")
        .parquet("s3://%s/%s/" % (args["CURATED_BUCKET"], name))
    )


def accesses_per_minute(events):
    return events.groupBy(F.date_trunc("minute", "event_time").alias("minute")).agg(
        F.count(F.lit(1)).alias("accesses"), F.countDistinct("user_id").alias("unique_users")
    )


def accesses_by_device_and_content_type(events):
    return events.groupBy(F.to_date("event_time").alias("event_date"), "device", "content_type").agg(
        F.count(F.lit(1)).alias("accesses"),
        F.countDistinct("user_id").alias("unique_users"),
        F.coalesce(F.sum("duration_seconds"), F.lit(0)).cast("bigint").alias("watched_seconds"),
    )


def accesses_by_country_and_city(events):
    return events.groupBy(F.to_date("event_time").alias("event_date"), "country", "city").agg(
        F.count(F.lit(1)).alias("accesses"), F.countDistinct("user_id").alias("unique_users")
    )


def _amount():
    return F.col("quantity").cast("decimal(10,0)") * F.col("unit_price")


def sales_by_product(transactions):
    return transactions.groupBy(
        F.to_date("transaction_time").alias("sale_date"), "product_id", "currency"
    ).agg(
        F.max("product_category").alias("product_category"),
        F.coalesce(F.sum("quantity"), F.lit(0)).cast("bigint").alias("units"),
        F.coalesce(F.sum(_amount()), F.lit(0)).alias("revenue"),
        F.countDistinct("order_id").alias("orders"),
    )


def _quintile(column):
    """aggregates.quintile_score within the currency: smaller = rank() - 1, equal = the tie's size."""
    in_currency = Window.partitionBy("currency")
    smaller = F.rank().over(in_currency.orderBy(F.col(column).asc())) - 1
    equal = F.count(F.lit(1)).over(Window.partitionBy("currency", column))
    count = F.count(F.lit(1)).over(in_currency)
    quintiles = F.lit(aggregates.QUINTILES)
    return F.floor((quintiles * (2 * smaller + equal) + 2 * count - 1) / (2 * count)).cast("int")


def _recency_score(column):
    """aggregates.recency_score: five less one for every band the days are past."""
    score = F.lit(aggregates.QUINTILES)
    for limit in aggregates.RECENCY_BANDS:
        score = score - F.when(F.col(column) > limit, 1).otherwise(0)
    return score.cast("int")


def customer_rfm(transactions, as_of):
    per_customer = (
        transactions.where(F.col("customer_id").isNotNull())
        .where(F.to_date("transaction_time") <= F.lit(as_of))
        .groupBy("currency", "customer_id")
        .agg(
            F.max(F.to_date("transaction_time")).alias("last_purchase_date"),
            F.countDistinct("order_id").alias("frequency"),
            F.coalesce(F.sum(_amount()), F.lit(0)).alias("monetary"),
        )
        .withColumn("recency_days", F.datediff(F.lit(as_of), F.col("last_purchase_date")))
        .withColumn("as_of_date", F.lit(as_of))
    )
    return (
        per_customer.withColumn("r_score", _recency_score("recency_days"))
        .withColumn("f_score", _quintile("frequency"))
        .withColumn("m_score", _quintile("monetary"))
        .withColumn("rfm_score", F.concat_ws("", "r_score", "f_score", "m_score"))
    )


events = clean_table("access_events").where(F.col("event_time").isNotNull()).cache()
transactions = clean_table("transactions").where(F.col("transaction_time").isNotNull()).cache()
as_of = aggregates.last_complete_day(_dt.datetime.now(_dt.timezone.utc))

write(accesses_per_minute(events), "accesses_per_minute")
write(accesses_by_device_and_content_type(events), "accesses_by_device_and_content_type")
write(accesses_by_country_and_city(events), "accesses_by_country_and_city")
write(sales_by_product(transactions), "sales_by_product")
write(customer_rfm(transactions, as_of), "customer_rfm")
job.commit()
