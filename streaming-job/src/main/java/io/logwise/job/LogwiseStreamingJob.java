package io.logwise.job;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.to_timestamp;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * A small Logwise-shaped streaming job: every {@code logs.*} topic from Kafka to Parquet in S3
 * under {@code s3a://<bucket>/logs/service_name=<s>/year=/month=/day=/hour=/minute=/} (UTC, the
 * record's own {@code timestamp}, else Kafka's), checkpointed under {@code
 * s3a://<bucket>/checkpoint}, so that what is written is written once across driver restarts.
 *
 * <p>Arguments are the supervisor's ({@link JobArgs}). Spark properties it reads: {@code
 * spark.logwise.job.microsPerRecord} (work per record, default 0), {@code
 * spark.logwise.job.trigger} (default {@code 10 seconds}), {@code
 * spark.logwise.job.maxOffsetsPerTrigger} (default: unbounded), {@code spark.logwise.job.logsDir}
 * ({@code logs}) and {@code spark.logwise.job.checkpointDir} ({@code checkpoint}). The batch
 * listener is loaded by configuration, as for the production job ({@code
 * spark.sql.streaming.streamingQueryListeners}); it is inside this jar.
 */
public final class LogwiseStreamingJob {

  private LogwiseStreamingJob() {}

  public static void main(String[] argv) throws Exception {
    JobArgs args = JobArgs.parse(argv);
    SparkSession spark =
        SparkSession.builder().config("spark.sql.session.timeZone", "UTC").getOrCreate();
    SparkConf conf = spark.sparkContext().getConf();
    long microsPerRecord = conf.getLong("spark.logwise.job.microsPerRecord", 0);
    String root = "s3a://" + args.bucket() + "/";
    String logs = root + conf.get("spark.logwise.job.logsDir", "logs");
    String checkpoint = root + conf.get("spark.logwise.job.checkpointDir", "checkpoint");

    DataStreamReader reader =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", args.bootstrapServers())
            .option("subscribePattern", args.subscribePattern())
            // a topic deleted or a retention that ran ahead is said in the driver log, not fatal
            .option("failOnDataLoss", "false");
    if (args.startingTimestamp() != null) {
      reader =
          reader
              .option("startingTimestamp", String.valueOf(args.startingTimestamp()))
              // a partition with nothing after the timestamp starts at its end
              .option("startingOffsetsByTimestampStrategy", "latest");
    } else {
      reader = reader.option("startingOffsets", args.startingOffsets());
    }
    String maxOffsets = conf.get("spark.logwise.job.maxOffsetsPerTrigger", "");
    if (!maxOffsets.isBlank()) {
      reader = reader.option("maxOffsetsPerTrigger", maxOffsets);
    }

    Dataset<Row> records =
        reader
            .load()
            .select(
                regexp_replace(col("topic"), "^logs\\.", "").as("service_name"),
                col("value").cast("string").as("value"),
                col("timestamp").as("kafka_timestamp"),
                col("topic"),
                col("partition"),
                col("offset"))
            .withColumn(
                "event_time",
                coalesce(
                    to_timestamp(get_json_object(col("value"), "$.timestamp")),
                    col("kafka_timestamp")))
            .withColumn("message", get_json_object(col("value"), "$.message"))
            .withColumn("year", date_format(col("event_time"), "yyyy"))
            .withColumn("month", date_format(col("event_time"), "MM"))
            .withColumn("day", date_format(col("event_time"), "dd"))
            .withColumn("hour", date_format(col("event_time"), "HH"))
            .withColumn("minute", date_format(col("event_time"), "mm"));

    Dataset<Row> worked =
        records.mapPartitions(
            (MapPartitionsFunction<Row, Row>) rows -> Work.slice(rows, microsPerRecord),
            Encoders.row(records.schema()));

    StreamingQuery query =
        worked
            .writeStream()
            .queryName("logs-to-s3")
            .format("parquet")
            .option("path", logs)
            .option("checkpointLocation", checkpoint)
            .partitionBy("service_name", "year", "month", "day", "hour", "minute")
            .trigger(Trigger.ProcessingTime(conf.get("spark.logwise.job.trigger", "10 seconds")))
            .start();
    query.awaitTermination();
  }
}
