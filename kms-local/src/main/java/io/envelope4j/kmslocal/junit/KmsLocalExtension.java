package io.envelope4j.kmslocal.junit;

import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.KmsLocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension running a kms-local server for a test class.
 *
 * <pre>{@code
 * class MyTest {
 *   @RegisterExtension
 *   static final KmsLocalExtension KMS = KmsLocalExtension.of(KmsLocal.builder().build());
 *
 *   @Test
 *   void encrypt_roundTrips() {
 *     URI endpoint = KMS.server().endpoint();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Registered on a static field (or with {@code @ExtendWith(KmsLocalExtension.class)}, which uses
 * the defaults of {@link KmsLocal#builder()}), one server runs from before the first test of the
 * class to after the last; registered on an instance field, one server runs per test. Before each
 * test the extension clears the fault rules and resets the counters (it runs before the test's own
 * {@code @BeforeEach} methods), so keys and aliases carry over between the tests of a class but
 * faults and counts do not. Test methods and lifecycle methods may declare a {@link KmsLocalServer}
 * parameter to receive the server.
 *
 * <p>Because it clears faults and counters before each test, one extension instance suits tests
 * that run one at a time; give concurrently running tests their own extension (and server).
 *
 * <p>The junit-jupiter-api dependency of this class is optional: add JUnit 5 to the tests that use
 * it.
 */
public final class KmsLocalExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {
  private final KmsLocal configuration;
  private volatile KmsLocalServer server;
  private volatile boolean perTest;
  private int classDepth;

  /** An extension with the default configuration: in memory, on 127.0.0.1, an ephemeral port. */
  public KmsLocalExtension() {
    this(KmsLocal.builder().build());
  }

  private KmsLocalExtension(KmsLocal configuration) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
  }

  /** An extension starting servers with {@code configuration}. */
  public static KmsLocalExtension of(KmsLocal configuration) {
    return new KmsLocalExtension(configuration);
  }

  /**
   * The running server.
   *
   * @throws IllegalStateException outside the extension's lifecycle
   */
  public KmsLocalServer server() {
    KmsLocalServer s = server;
    if (s == null) {
      throw new IllegalStateException(
          "kms-local is not running; use server() inside tests or lifecycle methods");
    }
    return s;
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    // Nested test classes see the outer class's server.
    if (classDepth++ == 0) {
      server = startServer();
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (--classDepth == 0) {
      stopServer();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) {
      perTest = true;
      server = startServer();
    }
    server.faults().clear();
    server.counters().reset();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      perTest = false;
      stopServer();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KmsLocalServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    KmsLocalServer s = server;
    if (s == null) {
      throw new ParameterResolutionException("kms-local is not running for this context");
    }
    return s;
  }

  private KmsLocalServer startServer() {
    try {
      return configuration.start();
    } catch (IOException e) {
      throw new UncheckedIOException("kms-local failed to start with " + configuration, e);
    }
  }

  private void stopServer() {
    KmsLocalServer s = server;
    server = null;
    if (s != null) {
      s.close();
    }
  }
}
