package io.splice.proxy.testing;

import io.splice.proxy.admin.UpstreamTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on a plain socket that echoes what it reads as it reads it; when the client shuts
 * down its sending side, it writes {@code "<N bytes>\n"} and closes, so a test sees that the
 * half-close went through and nothing was lost.
 */
public final class TcpEcho implements AutoCloseable {

  private final ServerSocket server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger connections = new AtomicInteger();

  public TcpEcho() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.execute(this::accept);
  }

  public int port() {
    return server.getLocalPort();
  }

  public UpstreamTarget target(String id) {
    return new UpstreamTarget(id, "127.0.0.1", port(), 1);
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
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
        connections.incrementAndGet();
        executor.execute(() -> echo(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void echo(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[16 * 1024];
      long total = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        total += n;
      }
      out.write((total + " bytes\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      // the client went away
    }
  }
}
