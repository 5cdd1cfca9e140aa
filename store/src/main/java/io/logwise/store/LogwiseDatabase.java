package io.logwise.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** Brings the schema up to date and hands out the JDBI instance the DAOs attach to. */
public final class LogwiseDatabase {

  private LogwiseDatabase() {}

  /** Runs pending Flyway migrations; safe to call from several processes at once. */
  public static MigrateResult migrate(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  public static Jdbi jdbi(DataSource dataSource) {
    return Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
  }

  /** Migrates, then returns a JDBI instance on the same data source. */
  public static Jdbi open(DataSource dataSource) {
    migrate(dataSource);
    return jdbi(dataSource);
  }
}
