package io.envelope4j.kmslocal;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One KMS request as the in-process transport hands it to {@link KmsLocalServer#handle}: the HTTP
 * headers (names case-insensitive; repeated headers joined with commas), the body, and the source
 * address recorded in the audit log. The body array is shared, not copied.
 */
public record WireRequest(Map<String, String> headers, byte[] body, String sourceAddress) {

  /** Copies the headers into a case-insensitive map; a null body is an empty one. */
  public WireRequest {
    Objects.requireNonNull(headers, "headers");
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    headers = java.util.Collections.unmodifiableMap(copy);
    body = body == null ? new byte[0] : body;
    sourceAddress = sourceAddress == null ? "127.0.0.1" : sourceAddress;
  }

  /** The value of header {@code name}, matched without regard to case. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }
}
