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

  private final Path home;
  private final Path dataDir;
  private final PrintStream err;
  private KmsLocalServer server;
  private volatile URI endpoint;
  private boolean servedByServe;

  private EmbeddedKms(Path home, PrintStream err) {
    this.home = home;
    this.dataDir = home.resolve("kms");
    this.err = err;
  }

  /**
   * Opens the home's key store in this process, or finds the live process that has it open.
   *
   * @param lockWait how long to wait when the owner cannot be reached
   */
  static EmbeddedKms open(Path home, PrintStream err, Duration lockWait) throws IOException {
    createPrivateDirectory(home);
    EmbeddedKms kms = new EmbeddedKms(home, err);
    long deadline = System.nanoTime() + lockWait.toNanos();
    boolean told = false;
    while (!kms.tryOpen(false)) {
      if (System.nanoTime() > deadline) {
        throw new CliException(
            ExitCode.IO,
            "the key store "
                + kms.dataDir
                + " is held by a process that does not answer;"
                + " wait for it or stop it");
      }
      if (!told) {
        err.println("envelope4j: waiting for the process that has the key store open");
        told = true;
      }
      sleep(100);
    }
    return kms;
  }

  /**
   * Tries to open the store here or to reach its live owner.
   *
   * @param ownOnly when true, only taking the lock counts
   */
  private synchronized boolean tryOpen(boolean ownOnly) throws IOException {
    try {
      server = KmsLocal.builder().dataDirectory(dataDir).build().start();
      endpoint = server.endpoint();
      servedByServe = false;
      return true;
    } catch (DataDirectoryInUseException e) {
      Optional<DataDirectoryOwner> owner = e.owner();
      if (!ownOnly && owner.isPresent() && answers(owner.get().endpoint())) {
        endpoint = owner.get().endpoint();
        servedByServe = isServe(home, owner.get());
        return true;
      }
      return false;
    }
  }

  /**
   * After {@code failed} stopped answering: takes the store over, or follows its new owner.
   *
   * @return whether requests can be sent again
   */
  synchronized boolean reacquire(URI failed) {
    if (!failed.equals(endpoint) || owned()) {
      return true;
    }
    try {
      return tryOpen(false);
    } catch (IOException e) {
      return false;
    }
  }

  /** The endpoint to send KMS requests to. */
  URI endpoint() {
    return endpoint;
  }

  /** Whether this process has the store open itself. */
  synchronized boolean owned() {
    return server != null;
  }

  /** Whether requests go to a {@code kms serve} process. */
  synchronized boolean servedByServe() {
    return !owned() && servedByServe;
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
  public synchronized void close() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
