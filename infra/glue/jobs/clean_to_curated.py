"""Glue batch job: clean -> curated aggregates.

Computes the aggregates that `hybrid_lake_etl.aggregates` defines (the tested reference; the
DataFrame code below follows it column for column) and writes each as Parquet to its table in
the curated catalog database, s3://<CURATED_BUCKET>/<aggregate_name>/, with the table's columns
in the table's order, partitioned by year/month/day of its time (`aggregates.PARTITION_COLUMNS`).

Aggregates are recomputed from the whole clean tables and each day's partition is replaced
(dynamic partition overwrite): a late record in clean corrects its day on the next run, and
reruns are idempotent. RFM, the customer features and the churn training rows are daily
snapshots as of the last complete UTC day (the one the warehouse loads next), partitioned by that
day; the features follow `hybrid_lake_etl.features`.
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

from hybrid_lake_etl import aggregates, features

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


def _midrank_percentile(column):
    """features._midrank_percentiles within the currency: (smaller + equal / 2) / count."""
    in_currency = Window.partitionBy("currency")
    smaller = F.rank().over(in_currency.orderBy(F.col(column).asc())) - 1
    equal = F.count(F.lit(1)).over(Window.partitionBy("currency", column))
    count = F.count(F.lit(1)).over(in_currency)
    return (smaller + equal / 2) / count


def _age(column, as_of):
    """Whole days from the UTC day of `column` to `as_of`."""
    return F.datediff(F.lit(as_of), F.to_date(column))


def customer_features(transactions, interactions, as_of):
    """features.customer_features, column for column."""
    lines = (
        transactions.where(F.col("customer_id").isNotNull() & F.col("order_id").isNotNull())
        .where(F.to_date("transaction_time") <= F.lit(as_of))
    )
    orders = lines.groupBy("customer_id", "order_id").agg(
        F.min(F.to_date("transaction_time")).alias("order_day"),
        F.coalesce(F.sum(_amount()), F.lit(0)).alias("value"),
        F.max("currency").alias("currency"),
    )
    age = F.datediff(F.lit(as_of), F.col("order_day"))
    per_customer = (
        orders.groupBy("customer_id")
        .agg(
            F.min("order_day").alias("first_day"),
            F.max("order_day").alias("last_day"),
            F.count(F.lit(1)).alias("orders"),
            F.sum(F.when(age < features.RECENT_DAYS, 1).otherwise(0)).cast("bigint").alias("orders_30d"),
            F.sum(F.when(age < features.BEHAVIOUR_DAYS, 1).otherwise(0)).cast("bigint").alias("orders_90d"),
            F.sum("value").alias("spent"),
            # The latest order's currency; on a tie of days, the greater code (as features.py).
            F.max(F.struct("order_day", "currency")).getField("currency").alias("currency"),
        )
        .withColumn("tenure_days", F.datediff(F.lit(as_of), "first_day"))
        .withColumn("recency_days", F.datediff(F.lit(as_of), "last_day"))
        .withColumn(
            "mean_gap_days",
            F.when(
                F.col("orders") > 1,
                F.datediff("last_day", "first_day").cast("double") / (F.col("orders") - 1),
            ).otherwise(F.col("tenure_days").cast("double")),
        )
        .withColumn("average_order", F.col("spent") / F.col("orders"))
    )
    # Every line counts toward categories, with or without an order id (as features.py).
    bought = transactions.where(F.col("customer_id").isNotNull()).where(F.to_date("transaction_time") <= F.lit(as_of))
    categories = bought.groupBy("customer_id").agg(F.countDistinct("product_category").alias("categories"))
    seen = interactions.where(F.col("customer_id").isNotNull()).withColumn(
        "age", _age("interaction_time", as_of)
    ).where((F.col("age") >= 0) & (F.col("age") < features.BEHAVIOUR_DAYS))
    behaviour = seen.groupBy("customer_id").agg(
        F.countDistinct(F.when(F.col("age") < features.RECENT_DAYS, F.col("session_id"))).alias("sessions_30d"),
        F.countDistinct("session_id").alias("sessions"),
        F.sum(F.when(F.col("interaction_type") == "view", 1).otherwise(0)).alias("views"),
        F.sum(F.when(F.col("interaction_type") == "add_to_cart", 1).otherwise(0)).cast("bigint").alias("cart_adds_90d"),
        F.sum(F.when(F.col("device") == "mobile", 1).otherwise(0)).alias("mobile"),
        F.count(F.lit(1)).alias("interactions"),
    )
    return (
        per_customer.join(categories, "customer_id", "left")
        .join(behaviour, "customer_id", "left")
        .withColumn("as_of_date", F.lit(as_of))
        .withColumn("categories", F.coalesce("categories", F.lit(0)).cast("bigint"))
        .withColumn("sessions_30d", F.coalesce("sessions_30d", F.lit(0)).cast("bigint"))
        .withColumn("cart_adds_90d", F.coalesce("cart_adds_90d", F.lit(0)).cast("bigint"))
        .withColumn(
            "views_per_session_90d",
            F.when(F.col("sessions") > 0, F.col("views") / F.col("sessions")).otherwise(F.lit(0.0)),
        )
        .withColumn(
            "mobile_share_90d",
            F.when(F.col("interactions") > 0, F.col("mobile") / F.col("interactions")).otherwise(F.lit(0.0)),
        )
        .withColumn("spend_pct", _midrank_percentile("spent"))
        .withColumn("basket_pct", _midrank_percentile("average_order"))
    )


def churn_training(transactions, interactions, as_of):
    """features.churn_training: the cut-off's active customers, labelled by the month after it."""
    cutoff = as_of - _dt.timedelta(days=features.RECENT_DAYS)
    ordered_after = (
        transactions.where(F.col("customer_id").isNotNull())
        .where((F.to_date("transaction_time") > F.lit(cutoff)) & (F.to_date("transaction_time") <= F.lit(as_of)))
        .select("customer_id")
        .distinct()
        .withColumn("ordered_after", F.lit(True))
    )
    hash_bucket = F.conv(F.substring(F.md5(F.col("customer_id")), 1, 8), 16, 10).cast("long") % features.HOLDOUT_BUCKETS
    return (
        customer_features(transactions, interactions, cutoff)
        .where(F.col("recency_days") < features.BEHAVIOUR_DAYS)
        .join(ordered_after, "customer_id", "left")
        .withColumn("as_of_date", F.lit(as_of))
        .withColumn("cutoff_date", F.lit(cutoff))
        .withColumn("churned", F.when(F.col("ordered_after"), 0).otherwise(1).cast("int"))
        .withColumn("holdout", hash_bucket == 0)
    )


events = clean_table("access_events").where(F.col("event_time").isNotNull()).cache()
transactions = clean_table("transactions").where(F.col("transaction_time").isNotNull()).cache()
interactions = clean_table("interactions").where(F.col("interaction_time").isNotNull()).cache()
as_of = aggregates.last_complete_day(_dt.datetime.now(_dt.timezone.utc))

write(accesses_per_minute(events), "accesses_per_minute")
write(accesses_by_device_and_content_type(events), "accesses_by_device_and_content_type")
write(accesses_by_country_and_city(events), "accesses_by_country_and_city")
write(sales_by_product(transactions), "sales_by_product")
write(customer_rfm(transactions, as_of), "customer_rfm")
write(customer_features(transactions, interactions, as_of), "customer_features")
write(churn_training(transactions, interactions, as_of), "churn_training")
job.commit()
