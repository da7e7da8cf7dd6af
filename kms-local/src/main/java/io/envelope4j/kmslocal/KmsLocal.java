package io.envelope4j.kmslocal;

import io.envelope4j.kmslocal.internal.LocalServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configuration of a kms-local server: an immutable value built with {@link #builder()} and
 * turned into a running server with {@link #start()}.
 *
 * <pre>{@code
 * try (KmsLocalServer kms = KmsLocal.builder().build().start()) {
 *   KmsClient client = KmsClient.builder()
 *       .endpointOverride(kms.endpoint())
 *       .region(Region.US_EAST_1)
 *       .credentialsProvider(StaticCredentialsProvider.create(
 *           AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "secret")))
 *       .httpClient(UrlConnectionHttpClient.create())
 *       .build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Defaults: in memory (no data directory), the system UTC clock, Region {@code us-east-1} for
 * requests without a SigV4 credential scope, account {@code 111122223333} for access keys not
 * mapped with {@link Builder#accountFor}, no audit log, no seed file, bound to {@code 127.0.0.1} on
 * an ephemeral port, fault seed 0.
 *
 * <p>Instances are immutable and thread-safe; one configuration may start several servers as long
 * as they do not share a data directory.
 */
public final class KmsLocal {
  /** The account used for access keys that {@link Builder#accountFor} did not map. */
  public static final String DEFAULT_ACCOUNT = "111122223333";

  /** The Region used for requests that carry no SigV4 credential scope. */
  public static final String DEFAULT_REGION = "us-east-1";

  private static final InetAddress LOOPBACK = loopback();
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

  private final Path dataDirectory;
  private final Clock clock;
  private final String defaultRegion;
  private final String defaultAccount;
  private final Map<String, String> accountsByAccessKey;
  private final Path auditLog;
  private final Path seed;
  private final InetAddress bindAddress;
  private final int port;
  private final long faultSeed;

  private KmsLocal(Builder b) {
    this.dataDirectory = b.dataDirectory;
    this.clock = b.clock;
    this.defaultRegion = b.defaultRegion;
    this.defaultAccount = b.defaultAccount;
    this.accountsByAccessKey = Map.copyOf(b.accountsByAccessKey);
    this.auditLog = b.auditLog;
    this.seed = b.seed;
    this.bindAddress = b.bindAddress;
    this.port = b.port;
    this.faultSeed = b.faultSeed;
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("a four-byte address is always valid", e);
    }
  }

  /** Returns a builder with the defaults listed in the class documentation. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a server with this configuration: takes the data directory's lock, loads its store,
   * applies the seed file, opens the audit log and binds the HTTP listener.
   *
   * <p>Sets the system property {@code sun.net.httpserver.nodelay} to {@code true} unless it is
   * already set: with Nagle's algorithm on, every SDK request waits about 40 ms for a delayed ACK.
   * The JDK reads that property once, when it creates its first HTTP server in the JVM.
   *
   * @return the running server; close it to stop it and release the data directory
   * @throws DataDirectoryInUseException if another server (in this or another process) owns the
   *     data directory
   * @throws IOException if the data directory, seed file or audit log cannot be read or written, or
   *     the listener cannot bind
   * @throws IllegalArgumentException if the store or seed file is malformed
   */
  public KmsLocalServer start() throws IOException {
    return LocalServer.start(this);
  }

  /** The data directory holding the store, or empty when the server keeps keys in memory. */
  public Optional<Path> dataDirectory() {
    return Optional.ofNullable(dataDirectory);
  }

  /** The clock that dates keys, rotations, deletions and audit events. */
  public Clock clock() {
    return clock;
  }

  /** The Region for requests without a SigV4 credential scope. */
  public String defaultRegion() {
    return defaultRegion;
  }

  /** The account for access keys without an explicit mapping. */
  public String defaultAccount() {
    return defaultAccount;
  }

  /** The account of each mapped access key id. */
  public Map<String, String> accountsByAccessKey() {
    return accountsByAccessKey;
  }

  /** Returns the account that requests signed with {@code accessKeyId} act as. */
  public String accountOf(String accessKeyId) {
    return accessKeyId == null
        ? defaultAccount
        : accountsByAccessKey.getOrDefault(accessKeyId, defaultAccount);
  }

  /** The file receiving one JSON line per request attempt, or empty when auditing is off. */
  public Optional<Path> auditLog() {
    return Optional.ofNullable(auditLog);
  }

  /** The JSON seed file applied at start, or empty. */
  public Optional<Path> seed() {
    return Optional.ofNullable(seed);
  }

  /** The address the listener binds to. */
  public InetAddress bindAddress() {
    return bindAddress;
  }

  /** The TCP port to bind, 0 for an ephemeral one. */
  public int port() {
    return port;
  }

  /** The seed of the random source that decides fractional faults. */
  public long faultSeed() {
    return faultSeed;
  }

  @Override
  public String toString() {
    return "KmsLocal{dataDirectory="
        + dataDirectory
        + ", defaultRegion="
        + defaultRegion
        + ", defaultAccount="
        + defaultAccount
        + ", mappedAccessKeys="
        + accountsByAccessKey.size()
        + ", auditLog="
        + auditLog
        + ", seed="
        + seed
        + ", bind="
        + bindAddress.getHostAddress()
        + ":"
        + port
        + "}";
  }

  /** Builds a {@link KmsLocal}; each setter replaces the earlier value. Not thread-safe. */
  public static final class Builder {
    private Path dataDirectory;
    private Clock clock = Clock.systemUTC();
    private String defaultRegion = DEFAULT_REGION;
    private String defaultAccount = DEFAULT_ACCOUNT;
    private final Map<String, String> accountsByAccessKey = new LinkedHashMap<>();
    private Path auditLog;
    private Path seed;
    private InetAddress bindAddress = LOOPBACK;
    private int port;
    private long faultSeed;

    private Builder() {}

    /**
     * Keeps the store in {@code directory} (created with mode 0700 if absent; files 0600). Every
     * acknowledged change is on disk before its response is sent. {@code null} means in memory.
     */
    public Builder dataDirectory(Path directory) {
      this.dataDirectory = directory;
      return this;
    }

    /** Sets the clock; tests pass a clock they can move forward to drive rotation and deletion. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the Region for requests without a SigV4 credential scope, such as {@code eu-west-1}. */
    public Builder defaultRegion(String region) {
      this.defaultRegion = checkRegion(region);
      return this;
    }

    /** Sets the account for access keys without an explicit mapping: twelve digits. */
    public Builder defaultAccount(String account) {
      this.defaultAccount = checkAccount(account);
      return this;
    }

    /** Maps the access key id {@code accessKeyId} to the twelve-digit {@code account}. */
    public Builder accountFor(String accessKeyId, String account) {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      if (accessKeyId.isEmpty()) {
        throw new IllegalArgumentException("access key id is empty; give a non-empty id");
      }
      accountsByAccessKey.put(accessKeyId, checkAccount(account));
      return this;
    }

    /**
     * Appends one CloudTrail-shaped JSON line per request attempt to {@code file} (created 0600 if
     * absent). Lines never contain plaintext or ciphertext. {@code null} turns auditing off.
     */
    public Builder auditLog(Path file) {
      this.auditLog = file;
      return this;
    }

    /**
     * Loads keys (with given ids and material), aliases and tags from the JSON file {@code file} at
     * start. The format is documented in {@code kms-local/README.md}. {@code null} for none.
     */
    public Builder seed(Path file) {
      this.seed = file;
      return this;
    }

    /** Sets the listener address; the default is the loopback address {@code 127.0.0.1}. */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /** Sets the listener port, 0 (the default) for an ephemeral port. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is outside 0..65535");
      }
      this.port = port;
      return this;
    }

    /** Seeds the random source deciding fractional faults, so a request order replays. */
    public Builder faultSeed(long seed) {
      this.faultSeed = seed;
      return this;
    }

    /** Returns the immutable configuration. */
    public KmsLocal build() {
      return new KmsLocal(this);
    }

    private static String checkRegion(String region) {
      Objects.requireNonNull(region, "region");
      if (!REGION.matcher(region).matches()) {
        throw new IllegalArgumentException(
            "region '" + region + "' is not a Region name; use a name such as us-east-1");
      }
      return region;
    }

    private static String checkAccount(String account) {
      Objects.requireNonNull(account, "account");
      if (!ACCOUNT.matcher(account).matches()) {
        throw new IllegalArgumentException(
            "account '" + account + "' is not twelve digits; use an id such as 111122223333");
      }
      return account;
    }
  }
}
