package io.envelope4j.kms;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * A real url-connection HTTP client that counts the requests it prepares and whether it was closed:
 * the SDK closes an HTTP client it built from a builder when its KmsClient closes, so this shows
 * which KmsClients were closed. Proxies from the environment are ignored, so every request goes
 * straight to the 127.0.0.1 endpoint under test.
 */
final class TrackingHttpClient implements SdkHttpClient {
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger closes = new AtomicInteger();
  private final SdkHttpClient delegate = direct();

  static SdkHttpClient direct() {
    return UrlConnectionHttpClient.builder()
        .proxyConfiguration(
            p -> p.useSystemPropertyValues(false).useEnvironmentVariablesValues(false))
        .build();
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    requests.incrementAndGet();
    return delegate.prepareRequest(request);
  }

  @Override
  public void close() {
    closes.incrementAndGet();
    delegate.close();
  }

  /** A builder handing out this client, for {@code KmsClientBuilder.httpClientBuilder}. */
  Handout asBuilder() {
    return new Handout(this);
  }

  /** An HTTP client "builder" that returns one existing client. */
  static final class Handout implements SdkHttpClient.Builder<Handout> {
    private final SdkHttpClient client;

    Handout(SdkHttpClient client) {
      this.client = client;
    }

    @Override
    public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
      return client;
    }
  }
}
