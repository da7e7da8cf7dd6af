package io.envelope4j.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where keys come from: the embedded kms-local (default), another KMS, or raw key files. */
final class KeyOptions {
  @Option(
      names = "--key",
      paramLabel = "KEY",
      description = {
        "KMS key: key id, key ARN, alias name or alias ARN. Repeatable: the first generates the"
            + " data key, the others add encrypted data keys. Default with the embedded key"
            + " store: alias/envelope4j-default (created on first use)."
      })
  List<String> keys = new ArrayList<>();

  @Option(
      names = "--raw-aes-key",
      paramLabel = "FILE",
      description = "Wrap data keys with a raw AES key: FILE holds exactly 16, 24 or 32 bytes.")
  String rawAesKey;

  @Option(
      names = "--raw-rsa-key",
      paramLabel = "PEM",
      description =
          "Wrap data keys with a raw RSA key: a PEM file with a public key (BEGIN PUBLIC KEY,"
              + " enough to encrypt) or a private key (BEGIN PRIVATE KEY, needed to decrypt).")
  String rawRsaKey;

  @Option(
      names = "--rsa-padding",
      paramLabel = "PADDING",
      description =
          "RSA padding of --raw-rsa-key: pkcs1, oaep-sha1, oaep-sha256 (default), oaep-sha384,"
              + " oaep-sha512. Use the padding the message was written with.")
  String rsaPadding = "oaep-sha256";

  @Option(
      names = "--key-namespace",
      paramLabel = "NAMESPACE",
      description = "Key namespace (provider id) of a raw key; default: ${DEFAULT-VALUE}.")
  String keyNamespace = "envelope4j";

  @Option(
      names = "--key-name",
      paramLabel = "NAME",
      description = "Key name of a raw key; default: ${DEFAULT-VALUE}.")
  String keyName = "default";

  @Option(
      names = "--kms-endpoint",
      paramLabel = "URL",
      description =
          "Use the KMS at URL (such as a running 'envelope4j kms serve'). Signs with dummy"
              + " local credentials unless --aws is given too.")
  URI kmsEndpoint;

  @Option(
      names = "--aws",
      description =
          "Use AWS KMS with the AWS SDK's default credential and Region chains. Without this"
              + " flag no AWS configuration on the machine is ever read.")
  boolean aws;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "Region for keys given without one; default us-east-1 for local KMS.")
  String region;

  @Option(
      names = "--discovery",
      description =
          "Decrypt: try every KMS key the message names (a remote KMS needs this or --key).")
  boolean discovery;

  @Option(
      names = "--discovery-account",
      paramLabel = "ACCOUNT",
      description = "Decrypt with --discovery: only keys in these accounts (repeatable).")
  List<String> discoveryAccounts = new ArrayList<>();

  @Option(
      names = "--discovery-partition",
      paramLabel = "PARTITION",
      description = "Partition of --discovery-account; default: ${DEFAULT-VALUE}.")
  String discoveryPartition = "aws";

  boolean usesKms() {
    return rawAesKey == null && rawRsaKey == null;
  }

  boolean usesEmbeddedKms() {
    return usesKms() && kmsEndpoint == null && !aws;
  }
}
