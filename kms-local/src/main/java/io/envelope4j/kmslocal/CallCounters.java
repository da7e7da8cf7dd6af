package io.envelope4j.kmslocal;

import java.util.Map;

/**
 * Per-operation request counts of a {@link KmsLocalServer}.
 *
 * <p>An <em>attempt</em> is one request received. A <em>call</em> is one logical SDK call: all
 * attempts carrying the same {@code amz-sdk-invocation-id} header count once (the SDK keeps that id
 * across its retries); a request without the header is a call of its own. Faulted and rejected
 * requests count too. Operation names are the {@code X-Amz-Target} suffix, such as {@code
 * GenerateDataKey}; unknown targets count under their given name.
 *
 * <p>Thread-safe; counts are exact once the responses they belong to were received.
 */
public interface CallCounters {

  /** Logical calls of {@code operation}. */
  long calls(String operation);

  /** Attempts (requests received) of {@code operation}. */
  long attempts(String operation);

  /** Logical calls over all operations. */
  long totalCalls();

  /** Attempts over all operations. */
  long totalAttempts();

  /** A copy of the counts of every operation seen, keyed by operation name. */
  Map<String, CallCount> snapshot();

  /** Sets every count to zero and forgets the invocation ids seen. */
  void reset();
}
