package io.envelope4j.kmslocal;

/** The KMS contract over the SDK's Apache HTTP client. */
class ApacheContractTest extends KmsContract {
  @Override
  Clients.Http http() {
    return Clients.Http.APACHE;
  }
}
