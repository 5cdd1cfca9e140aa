package io.logwise.api;

import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.logwise.config.LogwiseConfiguration;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import org.eclipse.jetty.server.Server;

/**
 * Starts the API from an already loaded and validated configuration, in this JVM, so {@code logwise
 * api} and {@code logwise dev} share one start-up path.
 */
public final class ApiServer {

  private ApiServer() {}

  public static Server start(LogwiseApiApplication app, LogwiseConfiguration config)
      throws Exception {
    // our ErrorMappers replace Dropwizard's, so every error is {"error":{code,message}}
    if (config.getServerFactory() instanceof AbstractServerFactory server) {
      server.setRegisterDefaultExceptionMappers(false);
    }
    Bootstrap<LogwiseConfiguration> bootstrap = new Bootstrap<>(app);
    app.initialize(bootstrap);
    bootstrap.setConfigurationFactoryFactory(
        (klass, validator, mapper, prefix) -> new Preloaded(config));
    new ServerCommand<>(app).run(bootstrap, new Namespace(Map.of()));
    Server server = app.server();
    if (server == null) {
      throw new IllegalStateException("the API server did not start");
    }
    // the caller stops it (dev stack, api command); two shutdown hooks would race
    server.setStopAtShutdown(false);
    return server;
  }

  /** Hands Dropwizard the configuration we already loaded and validated. */
  private record Preloaded(LogwiseConfiguration config)
      implements ConfigurationFactory<LogwiseConfiguration> {
    @Override
    public LogwiseConfiguration build(ConfigurationSourceProvider provider, String path) {
      return config;
    }

    @Override
    public LogwiseConfiguration build() {
      return config;
    }
  }
}
