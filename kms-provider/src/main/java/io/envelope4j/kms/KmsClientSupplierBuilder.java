package io.envelope4j.kms;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * Configures the lazy per-Region supplier returned by {@link KmsClientSupplier#builder()}.
 *
 * <p>Every setting is optional. Unset, a client gets what the AWS SDK picks by itself: its default
 * credentials chain, the Region's public endpoint, the HTTP client found on the class path, and the
 * SDK's standard retry strategy. Tests and local use set credentials, an endpoint and the HTTP
 * client explicitly, so nothing reaches beyond the configured endpoint.
 *
 * <p>Retries: {@link #maxAttempts} counts the first attempt; throttling ({@code
 * ThrottlingException} and the like) and 5xx answers are retried with exponential backoff and
 * jitter from {@link #baseDelay}, capped at {@link #maxBackoff}, as the SDK's standard strategy
 * does. A retried call is one logical call: the SDK keeps its invocation id across attempts. {@link
 * #apiCallTimeout} bounds a whole call, retries and backoff included; {@link
 * #apiCallAttemptTimeout} bounds each attempt.
 *
 * <p>Not thread-safe; {@link #build()} copies the settings, so one builder may build several
 * suppliers.
 */
public final class KmsClientSupplierBuilder {
  private AwsCredentialsProvider credentialsProvider;
  private SdkHttpClient httpClient;
  private Function<String, URI> endpoints;
  private Set<String> allowedRegions;
  private Integer maxAttempts;
  private Duration baseDelay = Duration.ofMillis(100);
  private Duration maxBackoff = Duration.ofSeconds(20);
  private boolean circuitBreaker = true;
  private Duration apiCallTimeout;
  private Duration apiCallAttemptTimeout;
  private Consumer<KmsClientBuilder> customizer = b -> {};

  KmsClientSupplierBuilder() {}

  /** The credentials every client signs with; default: the SDK's default chain. */
  public KmsClientSupplierBuilder credentialsProvider(AwsCredentialsProvider provider) {
    this.credentialsProvider = Objects.requireNonNull(provider, "provider");
    return this;
  }

  /**
   * The HTTP client every KMS client uses. The supplier never closes it (the SDK does not close an
   * HTTP client it was given); the caller closes it after the supplier. Default: each KMS client
   * builds its own from the implementation the SDK finds on the class path.
   */
  public KmsClientSupplierBuilder httpClient(SdkHttpClient client) {
    this.httpClient = Objects.requireNonNull(client, "client");
    return this;
  }

  /** Sends every Region's requests to {@code endpoint}, such as a kms-local server. */
  public KmsClientSupplierBuilder endpointOverride(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    this.endpoints = region -> endpoint;
    return this;
  }

  /** Sends each Region's requests to the endpoint the function returns for it (null: default). */
  public KmsClientSupplierBuilder endpointOverride(Function<String, URI> endpointForRegion) {
    this.endpoints = Objects.requireNonNull(endpointForRegion, "endpointForRegion");
    return this;
  }

  /** Builds clients only for these Regions; others fail with a clear error. Default: any. */
  public KmsClientSupplierBuilder allowedRegions(Collection<String> regions) {
    Objects.requireNonNull(regions, "regions");
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("allowed Regions are empty; name at least one");
    }
    this.allowedRegions = Set.copyOf(new LinkedHashSet<>(regions));
    return this;
  }

  /** Attempts per call, the first included, at least 1; default: the SDK's (3). */
  public KmsClientSupplierBuilder maxAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("maxAttempts " + attempts + " is below 1");
    }
    this.maxAttempts = attempts;
    return this;
  }

  /** The base delay of the exponential backoff between attempts; default 100 ms. */
  public KmsClientSupplierBuilder baseDelay(Duration delay) {
    this.baseDelay = positive(delay, "baseDelay");
    return this;
  }

  /** The longest backoff between two attempts; default 20 s. */
  public KmsClientSupplierBuilder maxBackoff(Duration backoff) {
    this.maxBackoff = positive(backoff, "maxBackoff");
    return this;
  }

  /**
   * Whether the SDK's retry token bucket may refuse retries when many fail in a row (default true,
   * as in the SDK). Turn it off when a high retry rate is expected and bounded by {@link
   * #maxAttempts}.
   */
  public KmsClientSupplierBuilder circuitBreaker(boolean enabled) {
    this.circuitBreaker = enabled;
    return this;
  }

  /** The time one call may take, all attempts and backoff included; default: no limit. */
  public KmsClientSupplierBuilder apiCallTimeout(Duration timeout) {
    this.apiCallTimeout = positive(timeout, "apiCallTimeout");
    return this;
  }

  /** The time one attempt may take; default: no limit beyond the HTTP client's own. */
  public KmsClientSupplierBuilder apiCallAttemptTimeout(Duration timeout) {
    this.apiCallAttemptTimeout = positive(timeout, "apiCallAttemptTimeout");
    return this;
  }

  /**
   * A last step applied to each client builder after the settings above, for anything else the SDK
   * offers. It runs once per Region, on first use.
   */
  public KmsClientSupplierBuilder customizer(Consumer<KmsClientBuilder> customizer) {
    this.customizer = Objects.requireNonNull(customizer, "customizer");
    return this;
  }

  /**
   * Returns the supplier. Builds no client, reads no credentials and makes no network call.
   *
   * @throws IllegalStateException if {@link #maxBackoff} is shorter than {@link #baseDelay}
   */
  public KmsClientSupplier build() {
    if (maxBackoff.compareTo(baseDelay) < 0) {
      throw new IllegalStateException(
          "maxBackoff " + maxBackoff + " is shorter than baseDelay " + baseDelay);
    }
    return new LazyKmsClientSupplier(this::configure, allowedRegions);
  }

  private void configure(KmsClientBuilder builder, String region) {
    builder.region(software.amazon.awssdk.regions.Region.of(region));
    if (credentialsProvider != null) {
      builder.credentialsProvider(credentialsProvider);
    }
    if (httpClient != null) {
      builder.httpClient(httpClient);
    }
    if (endpoints != null) {
      URI endpoint = endpoints.apply(region);
      if (endpoint != null) {
        builder.endpointOverride(endpoint);
      }
    }
    builder.overrideConfiguration(this::overrides);
    customizer.accept(builder);
  }

  private void overrides(ClientOverrideConfiguration.Builder config) {
    Integer attempts = maxAttempts;
    Duration base = baseDelay;
    Duration cap = maxBackoff;
    boolean breaker = circuitBreaker;
    // AWS standard strategy, whatever AWS_RETRY_MODE says: KMS throttling codes and 5xx retry.
    StandardRetryStrategy.Builder retry =
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .backoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, maxBackoff))
            .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, maxBackoff))
            .circuitBreakerEnabled(circuitBreaker);
    if (maxAttempts != null) {
      retry.maxAttempts(maxAttempts);
    }
    config.retryStrategy(retry.build());
    if (apiCallTimeout != null) {
      config.apiCallTimeout(apiCallTimeout);
    }
    if (apiCallAttemptTimeout != null) {
      config.apiCallAttemptTimeout(apiCallAttemptTimeout);
    }
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " " + d + " is not positive");
    }
    return d;
  }
}
