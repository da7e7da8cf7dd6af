package io.envelope4j.kmslocal;

/** The KMS contract over the SDK's UrlConnection HTTP client. */
class UrlConnectionContractTest extends KmsContract {
  @Override
  Clients.Http http() {
    return Clients.Http.URL_CONNECTION;
  }
}
