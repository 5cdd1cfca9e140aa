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
      withoutQueryStrings(server);
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

  /**
   * The request log's default line, without the query string: Dropwizard's default ({@code "%r"},
   * the whole request line) writes {@code ?access_token=…} or any other secret a client put in a
   * URL to the log. Method, path and protocol are enough to read a request log by.
   */
  public static final String REQUEST_LOG_FORMAT =
      "%h %l %u [%t{dd/MMM/yyyy:HH:mm:ss Z,UTC}] \"%m %U %H\" %s %b \"%i{User-Agent}\" %D";

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiServer.class);

  static void withoutQueryStrings(AbstractServerFactory server) {
    if (!(server.getRequestLogFactory()
        instanceof io.dropwizard.request.logging.LogbackAccessRequestLogFactory requests)) {
      return;
    }
    for (var appender : requests.getAppenders()) {
      if (appender instanceof io.dropwizard.logging.common.AbstractAppenderFactory<?> f) {
        String format = f.getLogFormat();
        if (format == null) {
          f.setLogFormat(REQUEST_LOG_FORMAT);
        } else if (format.matches(".*%(r|q|requestURL|queryString)\\b.*")) {
          log.warn(
              "server.requestLog logFormat writes query strings; secrets sent in URLs will be"
                  + " logged (use %U for the path)");
        }
      }
    }
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
