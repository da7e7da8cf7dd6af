/**
 * envelope4j core: the AWS Encryption SDK message format, keyrings, materials managers and the
 * one-shot and streaming APIs. Depends on the JDK alone.
 */
module io.envelope4j.core {
  exports io.envelope4j;
  exports io.envelope4j.keyring;
  exports io.envelope4j.materials;
}
