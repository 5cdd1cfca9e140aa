package io.logwise.worker;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;

/** fabric8's mock API server in CRUD mode (what it stores, it answers), started. */
final class KubernetesCrud {

  private KubernetesCrud() {}

  static KubernetesMockServer start() {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new io.fabric8.mockwebserver.Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    return server;
  }
}
