package io.logwise.activities.storage;

import io.logwise.config.ObjectStoreSettings;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3 client per distinct object-store setting, built once and shared; the only place in the
 * worker that builds S3 clients.
 */
public final class ObjectStores implements AutoCloseable {

  private final ConcurrentMap<String, S3Client> clients = new ConcurrentHashMap<>();

  public S3Client clientFor(ObjectStoreSettings settings) {
    String key =
        settings.getRegion()
            + "|"
            + settings.getEndpoint()
            + "|"
            + settings.isPathStyleAccess()
            + "|"
            + settings.getAccessKeyId();
    return clients.computeIfAbsent(key, k -> build(settings));
  }

  private static S3Client build(ObjectStoreSettings settings) {
    AwsCredentialsProvider credentials =
        settings.hasStaticCredentials()
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    settings.getAccessKeyId(), settings.getSecretAccessKey()))
            : DefaultCredentialsProvider.builder().build();
    var builder =
        S3Client.builder()
            .region(Region.of(settings.getRegion()))
            .credentialsProvider(credentials)
            .forcePathStyle(settings.isPathStyleAccess());
    if (settings.getEndpoint() != null && !settings.getEndpoint().isBlank()) {
      builder.endpointOverride(URI.create(settings.getEndpoint()));
    }
    return builder.build();
  }

  @Override
  public void close() {
    clients.values().forEach(S3Client::close);
    clients.clear();
  }
}
