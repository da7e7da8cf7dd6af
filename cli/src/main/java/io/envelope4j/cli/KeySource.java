package io.envelope4j.cli;

import io.envelope4j.keyring.Keyring;
import io.envelope4j.keyring.RawAesKeyring;
import io.envelope4j.keyring.RawRsaKeyring;
import io.envelope4j.kms.DiscoveryFilter;
import io.envelope4j.kms.KmsClientSupplier;
import io.envelope4j.kms.KmsDiscoveryKeyring;
import io.envelope4j.kms.KmsKeyring;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * The keys one CLI run uses, built from its {@link KeyOptions}; closing it closes the KMS clients
 * and releases the embedded key store.
 *
 * <p>Design note: without {@code --aws} nothing reads the machine's AWS configuration: requests to
 * a local KMS are signed with fixed dummy credentials and an explicit Region. Keys named on the
 * command line are resolved to ARNs with DescribeKey before decrypting, because a KMS keyring only
 * tries encrypted data keys whose provider info equals a configured key ARN.
 */
final class KeySource implements AutoCloseable {
  static final String LOCAL_ACCESS_KEY = "AKIAENVELOPE4JLOCAL0";
  private static final String LOCAL_SECRET = "envelope4j-local-dummy-secret";
  private static final String LOCAL_REGION = "us-east-1";

  private final KeyOptions options;
  private final PrintStream err;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final Region region;
  private final SdkHttpClient http;
  private final KmsClient kms;
  private final EmbeddedKms embedded;
  private Path rawKeyFile;
  private final Map<String, KmsClient> clients = new ConcurrentHashMap<>();
  private Function<String, KmsClient> factory;

  /** One client per Region, all with this run's endpoint and credentials; closed with it. */
  private final KmsClientSupplier supplier =
      new KmsClientSupplier() {
        @Override
        public KmsClient clientFor(String regionName) {
          return clients.computeIfAbsent(regionName, factory);
        }

        @Override
        public void close() {
          // The clients are closed with the key source.
        }
      };

  private KeySource(
      KeyOptions options,
      PrintStream err,
      Region region,
      SdkHttpClient http,
      KmsClient kms,
      EmbeddedKms embedded) {
    this.options = options;
    this.err = err;
    this.region = region;
    this.http = http;
    this.kms = kms;
    this.embedded = embedded;
  }

  /** Opens the key source; makes no KMS call yet (the embedded store is opened, though). */
  static KeySource open(KeyOptions options, Terminal terminal) throws IOException {
    if (!options.usesKms()) {
      if (options.rawAesKey != null && options.rawRsaKey != null) {
        throw new CliException(ExitCode.USAGE, "give --raw-aes-key or --raw-rsa-key, not both");
      }
      KeySource raw = new KeySource(options, terminal.err(), null, null, null, null);
      raw.rawKeyFile =
          terminal.resolve(options.rawAesKey != null ? options.rawAesKey : options.rawRsaKey);
      return raw;
    }
    List<AutoCloseable> resources = new ArrayList<>();
    URI endpoint = options.kmsEndpoint;
    EmbeddedKms embedded = null;
    if (endpoint != null
        && (endpoint.getHost() == null
            || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
      throw new CliException(
          ExitCode.USAGE,
          "--kms-endpoint " + endpoint + " is not an http:// or https:// URL with a host");
    }
    if (options.usesEmbeddedKms()) {
      embedded = EmbeddedKms.open(terminal.home(), terminal.err(), Duration.ofMinutes(10));
      resources.add(embedded);
      endpoint = embedded.endpoint();
    }
    Region region = region(options);
    SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    if (embedded != null) {
      http = new StoreHttpClient(http, embedded);
    }
    AwsCredentialsProvider credentials =
        options.aws
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LOCAL_ACCESS_KEY, LOCAL_SECRET));
    SdkHttpClient httpClient = http;
    URI override = endpoint;
    Function<String, KmsClient> factory =
        regionName -> {
          var builder =
              KmsClient.builder()
                  .region(Region.of(regionName))
                  .httpClient(httpClient)
                  .credentialsProvider(credentials)
                  .overrideConfiguration(
                      ClientOverrideConfiguration.builder()
                          .apiCallTimeout(Duration.ofSeconds(60))
                          .apiCallAttemptTimeout(Duration.ofSeconds(20))
                          .build());
          if (override != null) {
            builder.endpointOverride(override);
          }
          return builder.build();
        };
    KmsClient kms = factory.apply(region.id());
    KeySource source = new KeySource(options, terminal.err(), region, http, kms, embedded);
    source.clients.put(region.id(), kms);
    source.factory = factory;
    source.resources.addAll(resources);
    return source;
  }

  private static Region region(KeyOptions options) {
    if (options.region != null) {
      return Region.of(options.region);
    }
    if (options.aws) {
      return new DefaultAwsRegionProviderChain().getRegion();
    }
    return Region.of(LOCAL_REGION);
  }

  /** The KMS client, for {@code kms} subcommands; null with raw keys. */
  KmsClient kms() {
    return kms;
  }

  /** The keyring that encrypts: the raw key, or the KMS keys (generator first). */
  Keyring encryptKeyring() throws IOException {
    if (!options.usesKms()) {
      return options.rawRsaKey != null ? rawRsa(false) : rawAes();
    }
    List<String> keys = new ArrayList<>(options.keys);
    if (keys.isEmpty()) {
      if (!options.usesEmbeddedKms()) {
        throw new CliException(
            ExitCode.USAGE, "encrypting with a remote KMS needs --key KEY (key id, ARN or alias)");
      }
      keys.add(ensureDefaultKey().arn());
    }
    return kmsKeyring(keys);
  }

  /** The keyring that decrypts: the raw key, the named KMS keys, or discovery. */
  Keyring decryptKeyring() throws IOException {
    if (!options.usesKms()) {
      return options.rawRsaKey != null ? rawRsa(true) : rawAes();
    }
    if (!options.keys.isEmpty()) {
      List<String> arns = new ArrayList<>();
      for (String key : options.keys) {
        arns.add(describe(key).arn());
      }
      return kmsKeyring(arns);
    }
    if (!options.discovery && !options.usesEmbeddedKms()) {
      throw new CliException(
          ExitCode.USAGE,
          "decrypting with a remote KMS needs --key KEY, or --discovery to try every key the"
              + " message names");
    }
    KmsDiscoveryKeyring.Builder b = KmsDiscoveryKeyring.builder().clientSupplier(supplier);
    if (!options.discoveryAccounts.isEmpty()) {
      b.discoveryFilter(DiscoveryFilter.of(options.discoveryPartition, options.discoveryAccounts));
    }
    return b.build();
  }

  private Keyring kmsKeyring(List<String> keys) {
    KmsKeyring.Builder b =
        KmsKeyring.builder()
            .clientSupplier(supplier)
            .multiRegionKeyAware(true)
            .defaultRegion(region.id())
            .generatorKeyId(keys.get(0));
    if (keys.size() > 1) {
      b.additionalKeyIds(keys.subList(1, keys.size()));
    }
    return b.build();
  }

  private KeyMetadata describe(String key) {
    try {
      return clientForKey(key).describeKey(r -> r.keyId(key)).keyMetadata();
    } catch (NotFoundException e) {
      throw new CliException(ExitCode.KEY_ACCESS, "KMS key " + key + " not found", e);
    }
  }

  /** The client for the Region an ARN names, or the default Region's. */
  KmsClient clientForKey(String key) {
    String[] parts = key.split(":");
    if (key.startsWith("arn:") && parts.length > 3 && !parts[3].isEmpty()) {
      return supplier.clientFor(parts[3]);
    }
    return kms;
  }

  /** The default key of the embedded store, created (once) if absent. */
  KeyMetadata ensureDefaultKey() throws IOException {
    try {
      return kms.describeKey(r -> r.keyId(EmbeddedKms.DEFAULT_ALIAS)).keyMetadata();
    } catch (NotFoundException absent) {
      KeyMetadata created =
          kms.createKey(r -> r.description("envelope4j default key")).keyMetadata();
      try {
        kms.createAlias(r -> r.aliasName(EmbeddedKms.DEFAULT_ALIAS).targetKeyId(created.keyId()));
      } catch (AlreadyExistsException raced) {
        // Another run on the same store won the race: keep its key, retire ours, never used.
        kms.scheduleKeyDeletion(r -> r.keyId(created.keyId()).pendingWindowInDays(7));
        return kms.describeKey(r -> r.keyId(EmbeddedKms.DEFAULT_ALIAS)).keyMetadata();
      }
      err.println(
          "envelope4j: created the default key "
              + EmbeddedKms.DEFAULT_ALIAS
              + " ("
              + created.arn()
              + ") in the local key store"
              + (embedded != null && embedded.servedByServe() ? " of the running kms serve" : "")
              + "; back up that store: files encrypted under it cannot be decrypted without it");
      return created;
    }
  }

  private Keyring rawRsa(boolean decrypting) throws IOException {
    Path file = rawKeyFile;
    if (Files.size(file) > 64 * 1024) {
      throw new CliException(
          ExitCode.USAGE, "raw RSA key file " + file + " is too large for a PEM key");
    }
    String pem = Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII);
    RawRsaKeyring.Builder b =
        RawRsaKeyring.builder()
            .keyNamespace(options.keyNamespace)
            .keyName(options.keyName)
            .padding(rsaPadding(options.rsaPadding));
    try {
      if (pem.contains("-----BEGIN PUBLIC KEY-----")) {
        if (decrypting) {
          throw new CliException(
              ExitCode.USAGE,
              file + " holds a public key; decrypting needs the private key (BEGIN PRIVATE KEY)");
        }
        b.publicKeyPem(pem);
      } else {
        b.privateKeyPem(pem);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, "raw RSA key file " + file + ": " + e.getMessage(), e);
    }
  }

  static RawRsaKeyring.Padding rsaPadding(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "pkcs1" -> RawRsaKeyring.Padding.PKCS1_V1_5;
      case "oaep-sha1" -> RawRsaKeyring.Padding.OAEP_SHA1_MGF1;
      case "oaep-sha256" -> RawRsaKeyring.Padding.OAEP_SHA256_MGF1;
      case "oaep-sha384" -> RawRsaKeyring.Padding.OAEP_SHA384_MGF1;
      case "oaep-sha512" -> RawRsaKeyring.Padding.OAEP_SHA512_MGF1;
      default ->
          throw new CliException(
              ExitCode.USAGE,
              "--rsa-padding "
                  + name
                  + " is not one of pkcs1, oaep-sha1, oaep-sha256, oaep-sha384, oaep-sha512");
    };
  }

  private Keyring rawAes() throws IOException {
    Path file = rawKeyFile;
    long size = Files.size(file);
    if (size != 16 && size != 24 && size != 32) {
      throw new CliException(
          ExitCode.USAGE,
          "raw AES key file "
              + file
              + " holds "
              + size
              + " bytes; it must hold exactly 16, 24 or 32 bytes of key");
    }
    byte[] key = Files.readAllBytes(file);
    try {
      return RawAesKeyring.builder()
          .keyNamespace(options.keyNamespace)
          .keyName(options.keyName)
          .wrappingKey(key)
          .build();
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public void close() {
    for (KmsClient client : clients.values()) {
      client.close();
    }
    if (http != null) {
      http.close();
    }
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        // Releasing local resources at the end of a run; the process exits next.
      }
    }
  }
}
