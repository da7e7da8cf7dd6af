package io.envelope4j.kms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener on 127.0.0.1 that accepts connections, counts them and closes them at once: an
 * endpoint that proves whether anything tried to reach it.
 */
final class NoNetwork implements AutoCloseable {
  private final ServerSocket socket;
  final AtomicInteger connections = new AtomicInteger();

  NoNetwork() {
    try {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread t =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                  connections.incrementAndGet();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "no-network-listener");
    t.setDaemon(true);
    t.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
