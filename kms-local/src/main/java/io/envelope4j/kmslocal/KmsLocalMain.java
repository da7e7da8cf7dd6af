package io.envelope4j.kmslocal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs kms-local standalone until the process is stopped.
 *
 * <pre>
 * java -cp ... io.envelope4j.kmslocal.KmsLocalMain [--port N] [--bind ADDRESS]
 *     [--data-dir DIR] [--audit-log FILE] [--seed FILE] [--region REGION]
 *     [--default-account ACCOUNT] [--account ACCESS_KEY_ID=ACCOUNT]... [--fault-seed N]
 * </pre>
 *
 * <p>Binds to 127.0.0.1 on an ephemeral port unless told otherwise, and prints one line {@code
 * kms-local listening on http://127.0.0.1:PORT} to standard output once it accepts requests. Exit
 * status 2 means bad arguments, 3 that the data directory is owned by another server, 1 any other
 * start-up failure.
 */
public final class KmsLocalMain {
  private KmsLocalMain() {}

  /** Parses {@code args}, starts the server and blocks until the JVM shuts down. */
  public static void main(String[] args) throws InterruptedException {
    KmsLocal config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("kms-local: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    KmsLocalServer server;
    try {
      server = config.start();
    } catch (DataDirectoryInUseException e) {
      System.err.println("kms-local: " + e.getMessage());
      System.exit(3);
      return;
    } catch (IOException | RuntimeException e) {
      System.err.println("kms-local: failed to start: " + e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "kms-local-shutdown"));
    PrintStream out = System.out;
    out.println("kms-local listening on " + server.endpoint());
    out.flush();
    stopped.await();
  }

  static KmsLocal parse(String[] args) {
    KmsLocal.Builder b = KmsLocal.builder();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new IllegalArgumentException("usage requested");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--port" -> b.port(parseInt(flag, value));
        case "--bind" -> b.bindAddress(parseAddress(value));
        case "--data-dir" -> b.dataDirectory(Path.of(value));
        case "--audit-log" -> b.auditLog(Path.of(value));
        case "--seed" -> b.seed(Path.of(value));
        case "--region" -> b.defaultRegion(value);
        case "--default-account" -> b.defaultAccount(value);
        case "--fault-seed" -> b.faultSeed(parseLong(flag, value));
        case "--account" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException(
                "--account '" + value + "' is not ACCESS_KEY_ID=ACCOUNT");
          }
          b.accountFor(value.substring(0, eq), value.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    return b.build();
  }

  private static String usage() {
    return "usage: kms-local [--port N] [--bind ADDRESS] [--data-dir DIR] [--audit-log FILE]"
        + " [--seed FILE] [--region REGION] [--default-account ACCOUNT]"
        + " [--account ACCESS_KEY_ID=ACCOUNT]... [--fault-seed N]";
  }

  private static int parseInt(String flag, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " '" + value + "' is not a number");
    }
  }

  private static long parseLong(String flag, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " '" + value + "' is not a number");
    }
  }

  private static InetAddress parseAddress(String value) {
    if (!value.matches("[0-9.]+|[0-9a-fA-F:]+|localhost")) {
      throw new IllegalArgumentException("--bind '" + value + "' is not an IP address");
    }
    try {
      return InetAddress.getByName(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("--bind '" + value + "' is not an IP address");
    }
  }
}
