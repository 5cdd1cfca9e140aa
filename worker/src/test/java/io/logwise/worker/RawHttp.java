package io.logwise.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, bytes as given: a well-behaved client refuses to send most of what
 * the error-shape and fuzz tests need (bad escapes, unknown methods, huge headers).
 */
final class RawHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Reply(int status, String contentType, String body) {

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }
  }

  private RawHttp() {}

  /**
   * @param headers extra header lines, each ending in CRLF
   * @param token sent as a bearer token, or null for none
   */
  static Reply send(
      String base, String method, String target, String token, String headers, String body)
      throws IOException {
    URI uri = URI.create(base);
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request =
        new StringBuilder(method)
            .append(' ')
            .append(target)
            .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    if (token != null) {
      request.append("Authorization: Bearer ").append(token).append("\r\n");
    }
    request.append(headers == null ? "" : headers);
    if (body != null) {
      request.append("Content-Length: ").append(payload.length).append("\r\n");
    }
    request.append("\r\n");
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      s.setSoTimeout(90_000);
      OutputStream out = s.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String reply = all.toString(StandardCharsets.UTF_8);
      int headEnd = reply.indexOf("\r\n\r\n");
      String head = headEnd < 0 ? reply : reply.substring(0, headEnd);
      String rest = headEnd < 0 ? "" : reply.substring(headEnd + 4);
      int status = Integer.parseInt(head.split(" ")[1]);
      String type =
          head.lines()
              .filter(l -> l.toLowerCase().startsWith("content-type:"))
              .map(l -> l.substring(13).trim())
              .findFirst()
              .orElse(null);
      if (head.toLowerCase().contains("transfer-encoding: chunked")) {
        rest = unchunk(rest);
      }
      return new Reply(status, type, rest);
    }
  }

  private static String unchunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", i);
      if (lineEnd < 0) {
        break;
      }
      int size = Integer.parseInt(chunked.substring(i, lineEnd).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
      i = lineEnd + 2 + size + 2;
    }
    return out.toString();
  }
}
