/**
 * kms-local: a server speaking the AWS KMS JSON wire protocol, for development, tests and the CLI's
 * default key source.
 *
 * <p>{@link io.envelope4j.kmslocal.KmsLocal} is the entry point; {@link
 * io.envelope4j.kmslocal.junit.KmsLocalExtension} runs a server per test class. Everything under
 * {@code io.envelope4j.kmslocal.internal} is implementation.
 */
module io.envelope4j.kmslocal {
  requires jdk.httpserver;
  requires com.fasterxml.jackson.core;
  requires static org.junit.jupiter.api;

  exports io.envelope4j.kmslocal;
  exports io.envelope4j.kmslocal.junit;
}
