package io.envelope4j.cli;

import io.envelope4j.kmslocal.DataDirectoryInUseException;
import io.envelope4j.kmslocal.DataDirectoryOwner;
import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.KmsLocalServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key store in {@code $ENVELOPE4J_HOME/kms}, reached either by opening it in this process or
 * through the {@code kms serve} process that owns it.
 *
 * <p>Design note: kms-local guards its data directory with an exclusive cross-process file lock. A
 * CLI run first tries to take it. If the owner is a {@code kms serve} (it records its pid in {@code
 * serve.json} beside the store), the run sends its requests to that server. If the owner is another
 * CLI run, this run waits for the lock instead of borrowing that run's server, which could exit
 * halfway through; so concurrent CLI runs on one home take turns, and two first uses can never both
 * create a default key. The lock is released by the kernel when a process dies, even on SIGKILL.
 */
final class EmbeddedKms implements AutoCloseable {
  static final String DEFAULT_ALIAS = "alias/envelope4j-default";
  private static final Pattern SERVE_PID = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)");

  private final KmsLocalServer server;
  private final URI endpoint;
  private final boolean owned;

  private EmbeddedKms(KmsLocalServer server, URI endpoint, boolean owned) {
    this.server = server;
    this.endpoint = endpoint;
    this.owned = owned;
  }

  /**
   * Opens the home's key store, or finds the server that serves it.
   *
   * @param lockWait how long to wait for another CLI run to release the store
   */
  static EmbeddedKms open(Path home, PrintStream err, Duration lockWait) throws IOException {
    Path dataDir = home.resolve("kms");
    createPrivateDirectory(home);
    long deadline = System.nanoTime() + lockWait.toNanos();
    boolean told = false;
    while (true) {
      try {
        KmsLocalServer server = KmsLocal.builder().dataDirectory(dataDir).build().start();
        return new EmbeddedKms(server, server.endpoint(), true);
      } catch (DataDirectoryInUseException e) {
        Optional<DataDirectoryOwner> owner = e.owner();
        if (owner.isPresent() && isServe(home, owner.get()) && answers(owner.get().endpoint())) {
          return new EmbeddedKms(null, owner.get().endpoint(), false);
        }
        if (System.nanoTime() > deadline) {
          throw new CliException(
              ExitCode.IO,
              "the key store "
                  + dataDir
                  + " is busy: "
                  + e.getMessage()
                  + "; wait for that process or stop it",
              e);
        }
        if (!told) {
          err.println(
              "envelope4j: waiting for another envelope4j process"
                  + owner.map(o -> " (pid " + o.pid() + ")").orElse("")
                  + " that has the key store open");
          told = true;
        }
        sleep(100);
      }
    }
  }

  /** The endpoint to send KMS requests to. */
  URI endpoint() {
    return endpoint;
  }

  /** Whether this process opened the store itself (rather than using a {@code kms serve}). */
  boolean owned() {
    return owned;
  }

  static Path serveRecord(Path home) {
    return home.resolve("serve.json");
  }

  /** Records this process as the home's {@code kms serve}. */
  static void recordServe(Path home, URI endpoint) throws IOException {
    String json =
        "{\"pid\": " + ProcessHandle.current().pid() + ", \"endpoint\": \"" + endpoint + "\"}\n";
    Path tmp = home.resolve("serve.json.tmp");
    Files.writeString(tmp, json, StandardCharsets.UTF_8);
    Files.move(
        tmp,
        serveRecord(home),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir);
    }
  }

  private static boolean isServe(Path home, DataDirectoryOwner owner) {
    try {
      String json = Files.readString(serveRecord(home), StandardCharsets.UTF_8);
      Matcher m = SERVE_PID.matcher(json);
      return m.find() && Long.parseLong(m.group(1)) == owner.pid();
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  private static boolean answers(URI endpoint) {
    if (endpoint == null || endpoint.getHost() == null) {
      return false;
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.INTERRUPTED, "interrupted while waiting for the key store");
    }
  }

  @Override
  public void close() {
    if (server != null) {
      try {
        server.close();
      } catch (Exception e) {
        // Closing releases the lock; the kernel releases it at exit in any case.
      }
    }
  }
}
