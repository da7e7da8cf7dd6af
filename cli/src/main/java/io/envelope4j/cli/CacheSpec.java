package io.envelope4j.cli;

import io.envelope4j.cache.CachingMaterialsManager;
import io.envelope4j.cache.DataKeyCache;
import io.envelope4j.keyring.Keyring;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --cache capacity=N,max-age=DURATION,max-messages=N[,max-bytes=N]} option: reuse data
 * keys across the files of one run, within these limits.
 *
 * @param capacity the most data keys held at once
 * @param maxAge how long a data key may be used after it was made or unwrapped
 * @param maxMessages the most messages one data key may encrypt
 * @param maxBytes the most plaintext bytes one data key may encrypt
 */
record CacheSpec(int capacity, Duration maxAge, long maxMessages, long maxBytes) {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  static CacheSpec parse(String text) {
    Integer capacity = null;
    Duration maxAge = null;
    long maxMessages = CachingMaterialsManager.MAX_MESSAGES_PER_KEY;
    long maxBytes = CachingMaterialsManager.MAX_BYTES_PER_KEY;
    for (String part : text.split(",")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw usage("'" + part + "' is not NAME=VALUE");
      }
      String name = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = part.substring(eq + 1).trim();
      switch (name) {
        case "capacity" -> capacity = (int) number(name, value, 1, Integer.MAX_VALUE);
        case "max-age" -> maxAge = duration(value);
        case "max-messages" ->
            maxMessages = number(name, value, 1, CachingMaterialsManager.MAX_MESSAGES_PER_KEY);
        case "max-bytes" -> maxBytes = number(name, value, 1, Long.MAX_VALUE);
        default -> throw usage("unknown setting " + name);
      }
    }
    if (maxAge == null) {
      throw usage("max-age is required, for example max-age=5m");
    }
    return new CacheSpec(
        capacity == null ? DataKeyCache.DEFAULT_CAPACITY : capacity, maxAge, maxMessages, maxBytes);
  }

  /** A caching materials manager over {@code keyring} with these limits. */
  CachingMaterialsManager manager(Keyring keyring) {
    return CachingMaterialsManager.builder()
        .keyring(keyring)
        .cache(DataKeyCache.builder().capacity(capacity).build())
        .maxAge(maxAge)
        .maxMessagesPerKey(maxMessages)
        .maxBytesPerKey(maxBytes)
        .build();
  }

  private static long number(String name, String value, long min, long max) {
    try {
      long n = Long.parseLong(value);
      if (n < min || n > max) {
        throw usage(name + " " + value + " is outside the range " + min + " to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw usage(name + " " + value + " is not a whole number");
    }
  }

  private static Duration duration(String value) {
    Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw usage("max-age " + value + " is not a duration such as 500ms, 30s, 5m, 2h or 1d");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    if (d.isZero()) {
      throw usage("max-age must be positive");
    }
    return d;
  }

  private static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, "--cache: " + message);
  }
}
