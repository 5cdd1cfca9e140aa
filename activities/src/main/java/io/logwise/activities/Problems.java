package io.logwise.activities;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What went wrong, in words an operator reads in a health report or a decision — never a Java class
 * name ({@code java.net.ConnectException}, {@code SdkClientException}) and never a blank ("Vector
 * unreachable: null"). The exception itself belongs in the log.
 */
public final class Problems {

  private Problems() {}

  public static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String words = words(t);
      if (words != null) {
        return words;
      }
    }
    return "unexpected error (the worker log has the details)";
  }

  private static String words(Throwable t) {
    if (t instanceof ConnectException) {
      return "connection refused";
    }
    if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
      return "unknown host" + (t.getMessage() == null ? "" : " " + t.getMessage());
    }
    if (t instanceof NoRouteToHostException) {
      return "no route to host";
    }
    if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
      return "timed out";
    }
    if (t instanceof SSLException) {
      return "TLS handshake failed";
    }
    if (t instanceof AwsServiceException a) {
      return "answered "
          + a.statusCode()
          + (a.awsErrorDetails() == null || a.awsErrorDetails().errorCode() == null
              ? ""
              : " " + a.awsErrorDetails().errorCode());
    }
    if (t instanceof SdkClientException && t.getCause() == null) {
      return "cannot be reached";
    }
    return null;
  }
}
