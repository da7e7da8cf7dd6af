package io.envelope4j.kmslocal;

import java.net.URI;

/**
 * A running kms-local server. It answers the AWS KMS JSON protocol on {@link #endpoint()} and,
 * without a socket, through {@link #handle(WireRequest)}.
 *
 * <p>Thread-safe. {@link #close()} stops the listener, closes the audit log and releases the data
 * directory; afterwards {@link #handle} throws {@link IllegalStateException}.
 */
public interface KmsLocalServer extends AutoCloseable {

  /** The base URI to pass to an SDK's endpoint override, such as {@code http://127.0.0.1:4566}. */
  URI endpoint();

  /** The bound TCP port. */
  int port();

  /** The configuration this server was started with. */
  KmsLocal configuration();

  /** Counts of logical calls and of attempts per operation since start or the last reset. */
  CallCounters counters();

  /** The fault rules applied to incoming requests; changes apply to the next request. */
  Faults faults();

  /**
   * Answers one request as the HTTP listener would, without a socket: an in-process transport for
   * embedders. Faults, counters and the audit log apply as for HTTP requests.
   *
   * @throws IllegalStateException if the server is closed
   */
  WireResponse handle(WireRequest request);

  /** Stops the server and releases its data directory. Idempotent. */
  @Override
  void close();
}
