package io.splice.proxy.testing;

import io.splice.proxy.admin.UpstreamTarget;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A WebSocket echo server on a plain socket (RFC 6455, written by hand): it answers the handshake
 * with 101 and, in the same write, a text frame {@code "hello"}; then it sends every data frame
 * back, and answers a close frame with one and closes. The request head it got is kept for the
 * test to look at.
 */
public final class WebSocketEcho implements AutoCloseable {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private volatile Map<String, String> lastHeaders = Map.of();

  public WebSocketEcho() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.execute(this::accept);
  }

  public int port() {
    return server.getLocalPort();
  }

  public UpstreamTarget target(String id) {
    return new UpstreamTarget(id, "127.0.0.1", port(), 1);
  }

  /** The headers of the last handshake, names in lower case. */
  public Map<String, String> lastHeaders() {
    return lastHeaders;
  }

  /** {@code Sec-WebSocket-Accept} for {@code key}. */
  public static String accept(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** One frame: FIN set, the opcode, the payload, masked when {@code mask} (as clients must). */
  public static byte[] frame(int opcode, byte[] payload, boolean mask) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x80 | opcode);
    int maskBit = mask ? 0x80 : 0;
    if (payload.length < 126) {
      out.write(maskBit | payload.length);
    } else if (payload.length < 65536) {
      out.write(maskBit | 126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xff);
    } else {
      out.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) payload.length >>> shift) & 0xff);
      }
    }
    byte[] key = {1, 2, 3, 4};
    if (mask) {
      out.write(key, 0, 4);
    }
    for (int i = 0; i < payload.length; i++) {
      out.write(mask ? payload[i] ^ key[i % 4] : payload[i]);
    }
    return out.toByteArray();
  }

  /** A frame as read: its opcode and unmasked payload. */
  public record Frame(int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /** Reads one frame (masked or not). */
  public static Frame readFrame(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] key = new byte[4];
    boolean masked = (second & 0x80) != 0;
    if (masked) {
      in.readFully(key);
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    if (masked) {
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= key[i % 4];
      }
    }
    return new Frame(first & 0x0f, payload);
  }

  @Override
  public void close() throws IOException {
    server.close();
    executor.shutdownNow();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        executor.execute(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      Map<String, String> headers = new TreeMap<>();
      String requestLine = line(in);
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
      headers.put(":request", requestLine);
      lastHeaders = headers;
      String key = headers.get("sec-websocket-key");
      if (key == null || !"websocket".equalsIgnoreCase(headers.get("upgrade"))) {
        out.write(
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      ByteArrayOutputStream handshake = new ByteArrayOutputStream();
      handshake.write(
          ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: "
                  + accept(key)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      handshake.write(frame(1, "hello".getBytes(StandardCharsets.UTF_8), false));
      out.write(handshake.toByteArray()); // one write: the greeting follows the 101 at once
      out.flush();
      while (true) {
        Frame frame = readFrame(in);
        out.write(frame(frame.opcode(), frame.payload(), false));
        out.flush();
        if (frame.opcode() == 8) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("closed");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }
}
