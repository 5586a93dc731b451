package io.splice.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection over a plain socket, to send exactly the headers a test wants (hop-by-hop
 * ones included) and to know whether the proxy kept the connection open.
 */
public final class RawHttpConnection implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawHttpConnection(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(15_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** A response as read from the wire; header names in lower case. */
  public record Response(int status, Map<String, List<String>> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : String.join(", ", values);
    }
  }

  public Response get(String path, String... headerLines) throws IOException {
    return send("GET", path, null, headerLines);
  }

  /** Sends one request ({@code headerLines} as "Name: value") and reads its response. */
  public Response send(String method, String path, byte[] body, String... headerLines)
      throws IOException {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\n");
    for (String line : headerLines) {
      head.append(line).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    if (body != null) {
      out.write(body);
    }
    out.flush();
    return read("HEAD".equals(method));
  }

  /** Writes {@code raw} as it is (ISO-8859-1, one byte per char) and reads one response. */
  public Response exchange(String raw) throws IOException {
    write(raw);
    return read(raw.startsWith("HEAD "));
  }

  /** Writes {@code raw} as it is (ISO-8859-1, one byte per char). */
  public void write(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads one response to a request that was not a HEAD. */
  public Response read() throws IOException {
    return read(false);
  }

  /** Writes all {@code rawRequests} at once (HTTP pipelining), then reads one response each. */
  public List<Response> pipeline(String... rawRequests) throws IOException {
    for (String raw : rawRequests) {
      out.write(raw.getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
    List<Response> responses = new ArrayList<>();
    for (String raw : rawRequests) {
      responses.add(read(raw.startsWith("HEAD ")));
    }
    return responses;
  }

  /** Closes the sending half: the proxy reads end-of-stream after what was written. */
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Whether the peer closed the connection (reads EOF within {@code millis}). */
  public boolean closedByPeer(int millis) throws IOException {
    int timeout = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    } finally {
      socket.setSoTimeout(timeout);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private Response read(boolean head) throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers
          .computeIfAbsent(
              line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).strip());
    }
    byte[] body;
    List<String> length = headers.get("content-length");
    List<String> encoding = headers.get("transfer-encoding");
    if (head || status == 204 || status == 304 || status / 100 == 1) {
      body = new byte[0];
    } else if (encoding != null && encoding.contains("chunked")) {
      body = chunked();
    } else if (length != null) {
      body = in.readNBytes(Integer.parseInt(length.get(0)));
    } else {
      body = in.readAllBytes();
    }
    return new Response(status, headers, body);
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      int size = Integer.parseInt(line().split(";")[0].strip(), 16);
      if (size == 0) {
        while (!line().isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      line();
    }
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed after: " + line);
      }
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      line.append((char) b);
    }
  }
}
