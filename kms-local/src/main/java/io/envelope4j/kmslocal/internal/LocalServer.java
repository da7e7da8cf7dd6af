package io.envelope4j.kmslocal.internal;

import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.KmsLocalServer;
import java.io.IOException;

/** The running server: HTTP listener, store, audit log, faults and counters wired together. */
public final class LocalServer {
  private LocalServer() {}

  /** Starts a server for {@code config}. */
  public static KmsLocalServer start(KmsLocal config) throws IOException {
    throw new UnsupportedOperationException("kms-local server is being implemented (issue 4)");
  }
}
