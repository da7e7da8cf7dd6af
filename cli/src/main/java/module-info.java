/** The envelope4j command line. */
module io.envelope4j.cli {
  requires io.envelope4j.core;
  requires io.envelope4j.kms;
  requires io.envelope4j.cache;
  requires io.envelope4j.kmslocal;
  requires info.picocli;
  requires software.amazon.awssdk.services.kms;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.urlconnection;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.metrics;

  opens io.envelope4j.cli to
      info.picocli;
}
