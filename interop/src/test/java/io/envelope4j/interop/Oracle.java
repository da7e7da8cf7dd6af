package io.envelope4j.interop;

import java.util.List;

/** An independent ESDK implementation that answers batches of {@link OracleCase}s. */
interface Oracle {
  /** A short name for failure messages, such as {@code ESDK Java 3.0.2}. */
  String name();

  /**
   * Runs every case and answers one result per case, in order. A case the oracle rejects gives a
   * failed result; only a broken oracle (for example a missing install) throws.
   */
  List<OracleResult> run(List<OracleCase> cases);
}
