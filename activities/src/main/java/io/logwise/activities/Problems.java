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

  /**
   * As {@link #describe(Throwable)}, naming the address that was asked: "connection refused by
   * 127.0.0.1:7077", "no answer from … in time", "DNS cannot resolve …".
   *
   * @param address host:port (or URL) the call went to
   */
  public static String describe(Throwable e, String address) {
    // the JDK's HttpClient reports a name it cannot resolve as a ConnectException caused by an
    // UnresolvedAddressException: the cause says what happened
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "DNS cannot resolve the host of " + address;
      }
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String words = words(t, address);
      if (words != null) {
        return words;
      }
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      // e.g. "HTTP/1.1 header parser received no bytes": the peer closed the connection
      if (t instanceof java.io.IOException
          && t.getMessage() != null
          && !t.getMessage().contains("Exception")) {
        return address + ": " + t.getMessage();
      }
    }
    return "unexpected error talking to " + address + " (the worker log has the details)";
  }

  /** host:port of a URI, for {@link #describe(Throwable, String)}. */
  public static String address(java.net.URI uri) {
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  private static String words(Throwable t) {
    return words(t, null);
  }

  private static String words(Throwable t, String address) {
    String to = address == null ? "" : " " + address;
    if (t instanceof ConnectException) {
      return "connection refused" + (address == null ? "" : " by " + address);
    }
    if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
      return address == null
          ? "unknown host" + (t.getMessage() == null ? "" : " " + t.getMessage())
          : "DNS cannot resolve the host of " + address;
    }
    if (t instanceof NoRouteToHostException) {
      return "no route to host" + to;
    }
    if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
      return address == null ? "timed out" : "no answer from " + address + " in time (timed out)";
    }
    if (t instanceof SSLException) {
      return "TLS handshake" + (address == null ? "" : " with " + address) + " failed";
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
