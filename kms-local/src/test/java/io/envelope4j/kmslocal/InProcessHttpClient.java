package io.envelope4j.kmslocal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;

/**
 * An SDK HTTP client that hands each request to {@link KmsLocalServer#handle} with no socket: the
 * in-process transport issue 4 suggests for embedders (the CLI can carry the same few lines; the
 * kms-local runtime stays free of the SDK).
 */
final class InProcessHttpClient implements SdkHttpClient {
  private final KmsLocalServer server;

  InProcessHttpClient(KmsLocalServer server) {
    this.server = server;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        request.httpRequest().forEachHeader((k, v) -> headers.put(k, String.join(",", v)));
        byte[] body;
        if (request.contentStreamProvider().isPresent()) {
          try (InputStream in = request.contentStreamProvider().get().newStream()) {
            body = in.readAllBytes();
          }
        } else {
          body = new byte[0];
        }
        WireResponse r = server.handle(new WireRequest(headers, body, "in-process"));
        SdkHttpFullResponse.Builder response =
            SdkHttpFullResponse.builder().statusCode(r.statusCode());
        r.headers().forEach((k, v) -> response.putHeader(k, List.of(v)));
        return HttpExecuteResponse.builder()
            .response(response.build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(r.body())))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public void close() {}
}
