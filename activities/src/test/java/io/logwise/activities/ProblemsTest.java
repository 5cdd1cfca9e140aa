package io.logwise.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import org.junit.jupiter.api.Test;

class ProblemsTest {

  @Test
  void causesAreWordsWithTheAddress() {
    String a = "10.0.0.7:8080";
    assertThat(Problems.describe(new IOException(new ConnectException()), a))
        .isEqualTo("connection refused by 10.0.0.7:8080");
    assertThat(Problems.describe(new HttpConnectTimeoutException("HTTP connect timed out"), a))
        .isEqualTo("no answer from 10.0.0.7:8080 in time (timed out)");
    assertThat(Problems.describe(new UnknownHostException("spark-master"), "spark-master:8080"))
        .isEqualTo("DNS cannot resolve the host of spark-master:8080");
    assertThat(
            Problems.describe(
                new ConnectException() {
                  {
                    initCause(new java.nio.channels.UnresolvedAddressException());
                  }
                },
                "spark-master:8080"))
        .as("the JDK's HttpClient: a ConnectException caused by the unresolved name")
        .isEqualTo("DNS cannot resolve the host of spark-master:8080");
    assertThat(Problems.describe(new IllegalStateException(), a))
        .isEqualTo("unexpected error talking to 10.0.0.7:8080 (the worker log has the details)");
    assertThat(Problems.address(URI.create("http://prom:9090/api"))).isEqualTo("prom:9090");
    assertThat(Problems.address(URI.create("http://prom/api"))).isEqualTo("prom");
  }
}
