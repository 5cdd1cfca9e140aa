package io.logwise.activities.support;

import com.mysql.cj.jdbc.MysqlDataSource;
import io.logwise.embedded.LocalMariaDb;
import io.logwise.store.LogwiseDatabase;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** A fresh, migrated database on the shared local MariaDB. */
public final class TestDatabase {

  private TestDatabase() {}

  public static Jdbi fresh(String prefix) {
    MysqlDataSource ds = new MysqlDataSource();
    ds.setURL(
        LocalMariaDb.shared()
            .createDatabase(
                prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8)));
    ds.setUser(LocalMariaDb.USER);
    ds.setPassword(LocalMariaDb.PASSWORD);
    return LogwiseDatabase.open(ds);
  }
}
