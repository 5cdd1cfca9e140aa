package io.logwise.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Counts what the job committed under a Parquet path (its {@code _spark_metadata} log, so files of
 * an aborted batch are not counted): prints {@code records=N distinct=M} (M: distinct Kafka topic,
 * partition and offset, so N &gt; M is a record written twice) and one {@code service=<s>
 * records=N} line per service. Run in local mode with the S3A settings as {@code -Dspark.hadoop.*}
 * properties: {@code java -cp 'spark-home/jars/*:job.jar' io.logwise.job.CountRecords
 * s3a://bucket/logs}.
 */
public final class CountRecords {

  private CountRecords() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: CountRecords <parquet path>");
      System.exit(2);
    }
    SparkSession spark =
        SparkSession.builder().master("local[1]").appName("count-records").getOrCreate();
    try {
      var logs = spark.read().parquet(args[0]);
      Row all =
          logs.agg(
                  org.apache.spark.sql.functions.count("*"),
                  countDistinct(col("topic"), col("partition"), col("offset")))
              .first();
      System.out.printf(Locale.ROOT, "records=%d distinct=%d%n", all.getLong(0), all.getLong(1));
      List<Row> perService =
          logs.groupBy("service_name").count().orderBy("service_name").collectAsList();
      for (Row r : perService) {
        System.out.printf(Locale.ROOT, "service=%s records=%d%n", r.getString(0), r.getLong(1));
      }
    } finally {
      spark.stop();
    }
  }
}
