package io.logwise.store;

import com.mysql.cj.jdbc.MysqlDataSource;
import io.logwise.embedded.LocalMariaDb;
import java.util.UUID;
import javax.sql.DataSource;

/** A fresh database on the shared local MariaDB for each caller. */
final class TestDataSources {

  private TestDataSources() {}

  static DataSource freshDatabase() {
    LocalMariaDb db = LocalMariaDb.shared();
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    MysqlDataSource ds = new MysqlDataSource();
    ds.setURL(db.createDatabase(name));
    ds.setUser(LocalMariaDb.USER);
    ds.setPassword(LocalMariaDb.PASSWORD);
    return ds;
  }
}
