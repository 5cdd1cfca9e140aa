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

  record Reply(int status, String contentType, String body, String head) {

    Reply(int status, String contentType, String body) {
      this(status, contentType, body, "");
    }

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
      String type = header(head, "content-type");
      if (head.toLowerCase().contains("transfer-encoding: chunked")) {
        rest = unchunk(rest);
      }
      return new Reply(status, type, rest);
    }
  }

  /**
   * One kept-alive connection: requests are written in parts (headers first, body after a pause, as
   * slow clients and HTTP clients that flush headers early do) and replies read one at a time.
   */
  static final class Connection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    Connection(String base) throws IOException {
      URI uri = URI.create(base);
      socket = new Socket(uri.getHost(), uri.getPort());
      socket.setSoTimeout(30_000);
      in = socket.getInputStream();
    }

    /** Writes the head, waits {@code pauseMillis}, then writes the body. */
    void write(String method, String target, String token, String body, long pauseMillis)
        throws IOException, InterruptedException {
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String head =
          method
              + ' '
              + target
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
              + (body == null
                  ? ""
                  : "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n")
              + "\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Thread.sleep(pauseMillis);
      out.write(payload);
      out.flush();
    }

    /** Reads one reply; {@code headers} lower-cased. */
    Reply read() throws IOException {
      ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
      while (!headBytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed after: " + headBytes);
        }
        headBytes.write(b);
      }
      String head = headBytes.toString(StandardCharsets.ISO_8859_1);
      String lower = head.toLowerCase();
      String body;
      if (lower.contains("transfer-encoding: chunked")) {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        while (!chunks.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n")
            && !chunks.toString(StandardCharsets.ISO_8859_1).equals("0\r\n\r\n")) {
          int b = in.read();
          if (b < 0) {
            throw new IOException("connection closed inside a chunked body");
          }
          chunks.write(b);
        }
        body = unchunk(chunks.toString(StandardCharsets.UTF_8));
      } else {
        int length =
            header(head, "content-length") == null
                ? 0
                : Integer.parseInt(header(head, "content-length"));
        body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      }
      String type = header(head, "content-type");
      return new Reply(Integer.parseInt(head.split(" ")[1]), type, body, lower);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** The value of the first header named {@code name} (lower case), or null. */
  private static String header(String head, String name) {
    return head.lines()
        .filter(l -> l.toLowerCase().startsWith(name + ":"))
        .map(l -> l.substring(name.length() + 1).trim())
        .findFirst()
        .orElse(null);
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
