package io.envelope4j.kmslocal;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** Real SDK clients against a kms-local endpoint: static dummy credentials, explicit Region. */
@SuppressWarnings("deprecation") // ApacheHttpClient: issue 4 asks for it by name.
final class Clients {
  static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private Clients() {}

  /** The SDK HTTP clients the suite runs under. */
  enum Http {
    URL_CONNECTION,
    APACHE;

    SdkHttpClient create() {
      return this == URL_CONNECTION
          ? UrlConnectionHttpClient.create()
          : ApacheHttpClient.builder().build();
    }
  }

  static KmsClient kms(URI endpoint, Http http) {
    return kms(endpoint, http, Region.US_EAST_1, ACCESS_KEY);
  }

  static KmsClient kms(URI endpoint, Http http, Region region, String accessKey) {
    return KmsClient.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, SECRET_KEY)))
        .httpClient(http.create())
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
        .build();
  }

  /** A client whose SDK does not retry, so each call is one attempt. */
  static KmsClient noRetries(URI endpoint) {
    return KmsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClient(Http.URL_CONNECTION.create())
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }
}
