package io.envelope4j.kmslocal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One fault to inject: which requests it matches, and what it does to them (added latency, an error
 * answer, or both). Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * // Throttle 30% of all requests.
 * FaultRule.builder().errorCode("ThrottlingException").fraction(0.3).build();
 * // Fail the first two attempts of every GenerateDataKey call with a 500.
 * FaultRule.builder().operation("GenerateDataKey").firstAttempts(2)
 *     .errorCode("KMSInternalException").build();
 * // Delay everything by 50 ms.
 * FaultRule.builder().latency(Duration.ofMillis(50)).build();
 * // Answer Decrypt with key alias/app as if the key were disabled.
 * FaultRule.builder().operation("Decrypt").keyId("alias/app").errorCode("DisabledException")
 *     .build();
 * }</pre>
 *
 * <p>Matching: {@code operation} is the {@code X-Amz-Target} suffix (any when unset); {@code keyId}
 * matches a request whose key, as given or as resolved (key id, key ARN, alias name or alias ARN),
 * equals it (any request when unset); {@code firstAttempts(n)} matches attempts 1 to n of each
 * call, read from the SDK's {@code amz-sdk-request: attempt=N} header (a request without it is
 * attempt 1); {@code maxTimes} caps how often the rule fires; {@code fraction} is the share of
 * otherwise matching requests it fires on, drawn from the server's seeded random source.
 *
 * <p>Errors answer HTTP 500 for {@code KMSInternalException}, {@code KeyUnavailableException} and
 * {@code DependencyTimeoutException} and 400 otherwise, unless {@code httpStatus} is set.
 */
public final class FaultRule {
  private static final Set<String> SERVER_ERRORS =
      Set.of("KMSInternalException", "KeyUnavailableException", "DependencyTimeoutException");

  private final String operation;
  private final String keyId;
  private final double fraction;
  private final int firstAttempts;
  private final long maxTimes;
  private final Duration latency;
  private final String errorCode;
  private final String errorMessage;
  private final int httpStatus;

  private FaultRule(Builder b) {
    this.operation = b.operation;
    this.keyId = b.keyId;
    this.fraction = b.fraction;
    this.firstAttempts = b.firstAttempts;
    this.maxTimes = b.maxTimes;
    this.latency = b.latency;
    this.errorCode = b.errorCode;
    if (b.errorCode == null) {
      this.errorMessage = "";
      this.httpStatus = 0;
    } else {
      this.errorMessage =
          b.errorMessage != null ? b.errorMessage : "fault injected by kms-local: " + b.errorCode;
      this.httpStatus =
          b.httpStatus != 0 ? b.httpStatus : SERVER_ERRORS.contains(b.errorCode) ? 500 : 400;
    }
  }

  /** Returns a builder for a rule matching every request, firing always, doing nothing yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** The operation matched, or empty for any. */
  public Optional<String> operation() {
    return Optional.ofNullable(operation);
  }

  /** The key identifier matched, or empty for any. */
  public Optional<String> keyId() {
    return Optional.ofNullable(keyId);
  }

  /** The share of matching requests the rule fires on, in 0..1. */
  public double fraction() {
    return fraction;
  }

  /** Attempts 1..n of each call match; 0 means every attempt. */
  public int firstAttempts() {
    return firstAttempts;
  }

  /** How many times the rule fires at most; 0 means without limit. */
  public long maxTimes() {
    return maxTimes;
  }

  /** The latency added to a request the rule fires on. */
  public Duration latency() {
    return latency;
  }

  /** The KMS error code answered, or empty for a latency-only rule. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** The error message answered with the error code; empty for a latency-only rule. */
  public String errorMessage() {
    return errorMessage;
  }

  /** The HTTP status answered with the error code; 0 for a latency-only rule. */
  public int httpStatus() {
    return httpStatus;
  }

  @Override
  public String toString() {
    return "FaultRule{operation="
        + (operation == null ? "*" : operation)
        + ", keyId="
        + (keyId == null ? "*" : keyId)
        + ", fraction="
        + fraction
        + ", firstAttempts="
        + firstAttempts
        + ", maxTimes="
        + maxTimes
        + ", latency="
        + latency
        + ", error="
        + errorCode
        + "/"
        + httpStatus
        + "}";
  }

  /** Builds a {@link FaultRule}. Not thread-safe. */
  public static final class Builder {
    private String operation;
    private String keyId;
    private double fraction = 1.0;
    private int firstAttempts;
    private long maxTimes;
    private Duration latency = Duration.ZERO;
    private String errorCode;
    private String errorMessage;
    private int httpStatus;

    private Builder() {}

    /** Matches only requests for {@code operation}, such as {@code Decrypt}. */
    public Builder operation(String operation) {
      this.operation = Objects.requireNonNull(operation, "operation");
      return this;
    }

    /** Matches only requests naming or resolving to {@code keyId} (any of the four forms). */
    public Builder keyId(String keyId) {
      this.keyId = Objects.requireNonNull(keyId, "keyId");
      return this;
    }

    /** Fires on this share of matching requests, in 0..1; default 1. */
    public Builder fraction(double fraction) {
      if (!(fraction >= 0.0 && fraction <= 1.0)) {
        throw new IllegalArgumentException("fault fraction " + fraction + " is outside 0..1");
      }
      this.fraction = fraction;
      return this;
    }

    /** Matches only attempts 1..{@code attempts} of each call; at least 1. */
    public Builder firstAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("firstAttempts " + attempts + " is below 1");
      }
      this.firstAttempts = attempts;
      return this;
    }

    /** Fires at most {@code times} times in all; at least 1. */
    public Builder maxTimes(long times) {
      if (times < 1) {
        throw new IllegalArgumentException("maxTimes " + times + " is below 1");
      }
      this.maxTimes = times;
      return this;
    }

    /** Delays each request the rule fires on by {@code latency}. */
    public Builder latency(Duration latency) {
      Objects.requireNonNull(latency, "latency");
      if (latency.isNegative()) {
        throw new IllegalArgumentException("fault latency " + latency + " is negative");
      }
      this.latency = latency;
      return this;
    }

    /** Answers the KMS error {@code code}, such as {@code ThrottlingException}. */
    public Builder errorCode(String code) {
      Objects.requireNonNull(code, "code");
      if (code.isEmpty()) {
        throw new IllegalArgumentException("fault error code is empty; give a KMS error code");
      }
      this.errorCode = code;
      return this;
    }

    /** Sets the message answered with the error code. */
    public Builder errorMessage(String message) {
      this.errorMessage = Objects.requireNonNull(message, "message");
      return this;
    }

    /** Overrides the HTTP status answered with the error code, in 400..599. */
    public Builder httpStatus(int status) {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("fault HTTP status " + status + " is outside 400..599");
      }
      this.httpStatus = status;
      return this;
    }

    /**
     * Returns the rule.
     *
     * @throws IllegalStateException if the rule has neither an error code nor a latency
     */
    public FaultRule build() {
      if (errorCode == null && latency.isZero()) {
        throw new IllegalStateException(
            "fault rule does nothing; set an error code, a latency, or both");
      }
      if (errorCode == null && (errorMessage != null || httpStatus != 0)) {
        throw new IllegalStateException("fault rule sets a message or status but no error code");
      }
      return new FaultRule(this);
    }
  }
}
