/**
 * envelope4j kms-provider: keyrings that wrap data keys with AWS KMS through the AWS SDK for Java
 * v2, byte-compatible with the AWS Encryption SDK's KMS keyrings.
 *
 * <p>Brings no HTTP client: add the SDK HTTP client you like (for example {@code
 * url-connection-client}) or pass one to {@link io.envelope4j.kms.KmsClientSupplierBuilder}.
 */
module io.envelope4j.kms {
  requires transitive io.envelope4j.core;
  requires transitive software.amazon.awssdk.services.kms;
  requires transitive software.amazon.awssdk.auth;
  requires transitive software.amazon.awssdk.http;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.retries;
  requires software.amazon.awssdk.retries.api;

  exports io.envelope4j.kms;
}
