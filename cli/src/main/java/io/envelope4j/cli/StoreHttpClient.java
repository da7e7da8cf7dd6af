package io.envelope4j.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The HTTP client of a CLI run on the local key store: sends each request to whichever process
 * serves the store now, and takes the store over when the process it borrowed exits.
 *
 * <p>Design note: a run that finds the store owned by another live run (for example the other half
 * of {@code encrypt | decrypt}) sends its requests to that run's server instead of waiting for the
 * lock. If that server goes away between two requests, the connection is refused; the run then
 * takes the lock itself (the kernel released it with the dead process) and repeats the request once
 * against its own server. kms-local does not check SigV4 signatures, so a request signed for one
 * local endpoint may be sent to another.
 */
final class StoreHttpClient implements SdkHttpClient {
  private final SdkHttpClient delegate;
  private final EmbeddedKms store;

  StoreHttpClient(SdkHttpClient delegate, EmbeddedKms store) {
    this.delegate = delegate;
    this.store = store;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      private volatile ExecutableHttpRequest current;

      @Override
      public HttpExecuteResponse call() throws IOException {
        URI endpoint = store.endpoint();
        try {
          current = delegate.prepareRequest(at(request, endpoint));
          return current.call();
        } catch (IOException e) {
          if (!refused(e) || !store.reacquire(endpoint)) {
            throw e;
          }
          current = delegate.prepareRequest(at(request, store.endpoint()));
          return current.call();
        }
      }

      @Override
      public void abort() {
        ExecutableHttpRequest c = current;
        if (c != null) {
          c.abort();
        }
      }
    };
  }

  private static HttpExecuteRequest at(HttpExecuteRequest request, URI endpoint) {
    SdkHttpRequest http =
        request.httpRequest().toBuilder()
            .protocol(endpoint.getScheme())
            .host(endpoint.getHost())
            .port(endpoint.getPort())
            .build();
    return HttpExecuteRequest.builder()
        .request(http)
        .contentStreamProvider(request.contentStreamProvider().orElse(null))
        .metricCollector(request.metricCollector().orElse(null))
        .build();
  }

  private static boolean refused(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String clientName() {
    return "envelope4j-store";
  }

  @Override
  public void close() {
    delegate.close();
  }
}
