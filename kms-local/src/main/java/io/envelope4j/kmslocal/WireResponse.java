package io.envelope4j.kmslocal;

import java.util.Map;

/**
 * One answer of {@link KmsLocalServer#handle}: the HTTP status, response headers (such as {@code
 * Content-Type} and {@code x-amzn-RequestId}) and JSON body. The body array is shared.
 */
public record WireResponse(int statusCode, Map<String, String> headers, byte[] body) {

  /** Copies the headers. */
  public WireResponse {
    headers = Map.copyOf(headers);
  }
}
