package io.envelope4j.kmslocal.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.envelope4j.kmslocal.CallCounters;
import io.envelope4j.kmslocal.Faults;
import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.KmsLocalServer;
import io.envelope4j.kmslocal.WireRequest;
import io.envelope4j.kmslocal.WireResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running server: the JDK HTTP server in front of a {@link RequestHandler}, with the store,
 * audit log, faults and counters behind it.
 *
 * <p>Design: the JDK's {@code com.sun.net.httpserver} with a pool of daemon worker threads started
 * on demand (see {@code workerPool()}; up to 256, so injected latency cannot starve other
 * requests). Request bodies above {@value #MAX_BODY_BYTES} bytes are refused before parsing, so no
 * client can make the server buffer more. Start-up order: data directory lock, store load, seed,
 * audit log, listener, owner record; a failure undoes the earlier steps.
 */
public final class LocalServer implements KmsLocalServer {
  static final int MAX_BODY_BYTES = 1 << 20;
  private static final long MAX_DRAIN_BYTES = 64L << 20;
  private static final int MAX_WORKER_THREADS = 256;
  private static final String NODELAY = "sun.net.httpserver.nodelay";

  private final KmsLocal config;
  private final DataDirectory directory;
  private final AuditLog audit;
  private final Counters counters;
  private final FaultEngine faults;
  private final RequestHandler handler;
  private final HttpServer http;
  private final ExecutorService workers;
  private final URI endpoint;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalServer(
      KmsLocal config,
      DataDirectory directory,
      AuditLog audit,
      Counters counters,
      FaultEngine faults,
      RequestHandler handler,
      HttpServer http,
      ExecutorService workers) {
    this.config = config;
    this.directory = directory;
    this.audit = audit;
    this.counters = counters;
    this.faults = faults;
    this.handler = handler;
    this.http = http;
    this.workers = workers;
    InetSocketAddress bound = http.getAddress();
    String host = bound.getAddress().getHostAddress();
    if (bound.getAddress() instanceof Inet6Address) {
      host = "[" + host + "]";
    }
    this.endpoint = URI.create("http://" + host + ":" + bound.getPort());
  }

  /** Starts a server for {@code config}; see {@link KmsLocal#start()}. */
  public static KmsLocalServer start(KmsLocal config) throws IOException {
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    DataDirectory dir = null;
    AuditLog audit = null;
    HttpServer http = null;
    ExecutorService workers = null;
    try {
      Store store;
      if (config.dataDirectory().isPresent()) {
        dir = DataDirectory.open(config.dataDirectory().get());
        store = new Store(dir);
        byte[] snapshot = dir.readStore();
        if (snapshot != null) {
          store.load(StoreCodec.decode(snapshot, dir.storeFile().toString()));
        }
      } else {
        store = new Store(null);
      }
      if (config.seed().isPresent()) {
        Seeds.apply(config.seed().get(), store, config);
      }
      if (config.auditLog().isPresent()) {
        audit = new AuditLog(config.auditLog().get());
      }
      Counters counters = new Counters();
      FaultEngine faults = new FaultEngine(config.faultSeed());
      Operations ops = new Operations(store, config.clock());
      RequestHandler handler = new RequestHandler(config, ops, counters, faults, audit);
      http = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 256);
      workers = workerPool();
      http.setExecutor(workers);
      LocalServer server =
          new LocalServer(config, dir, audit, counters, faults, handler, http, workers);
      http.createContext("/", server::exchange);
      http.start();
      if (dir != null) {
        dir.recordOwner(server.endpoint, config.clock().instant());
      }
      return server;
    } catch (IOException | RuntimeException e) {
      if (http != null) {
        http.stop(0);
      }
      if (workers != null) {
        workers.shutdownNow();
      }
      closeQuietly(audit, e);
      closeQuietly(dir, e);
      throw e;
    }
  }

  /**
   * Daemon workers started on demand and handed work through a {@link SynchronousQueue}: the most
   * recently idle thread takes the next exchange, so a few hot threads serve a steady load (on 2
   * busy cores this measured less server CPU per request and more throughput than a fixed pool of
   * 32). When all {@value #MAX_WORKER_THREADS} are busy, the HTTP dispatcher thread runs the
   * exchange itself, slowing intake instead of failing requests.
   */
  private static ExecutorService workerPool() {
    return new ThreadPoolExecutor(
        0,
        MAX_WORKER_THREADS,
        60,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        daemonThreads(),
        new ThreadPoolExecutor.CallerRunsPolicy());
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "kms-local-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private void exchange(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = readBody(ex.getRequestBody());
      WireResponse r;
      if (body == null) {
        r = tooLarge();
      } else {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
          headers.put(h.getKey(), String.join(",", h.getValue()));
        }
        String source = ex.getRemoteAddress().getAddress().getHostAddress();
        r = handler.handle(new WireRequest(headers, body, source));
      }
      r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(r.body());
      } finally {
        // Bodies may carry plaintext or data keys (base64); drop them as soon as they are sent.
        java.util.Arrays.fill(r.body(), (byte) 0);
        if (body != null) {
          java.util.Arrays.fill(body, (byte) 0);
        }
      }
    }
  }

  private static byte[] readBody(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    byte[] buf = new byte[8192];
    int n;
    long total = 0;
    while ((n = in.read(buf)) >= 0) {
      total += n;
      if (total > MAX_BODY_BYTES) {
        // Read on without keeping anything: closing on unread bytes makes the kernel reset the
        // connection, and the client may lose the error answer.
        while (total <= MAX_DRAIN_BYTES && (n = in.read(buf)) >= 0) {
          total += n;
        }
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static WireResponse tooLarge() {
    String json =
        "{\"__type\":\"ValidationException\",\"message\":\"request body is over "
            + MAX_BODY_BYTES
            + " bytes\"}";
    return new WireResponse(
        400,
        Map.of("Content-Type", "application/x-amz-json-1.1", "Connection", "close"),
        json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public int port() {
    return endpoint.getPort();
  }

  @Override
  public KmsLocal configuration() {
    return config;
  }

  @Override
  public CallCounters counters() {
    return counters;
  }

  @Override
  public Faults faults() {
    return faults;
  }

  @Override
  public WireResponse handle(WireRequest request) {
    if (closed.get()) {
      throw new IllegalStateException("kms-local server " + endpoint + " is closed");
    }
    if (request.body().length > MAX_BODY_BYTES) {
      return tooLarge();
    }
    return handler.handle(request);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    http.stop(0);
    workers.shutdownNow();
    closeQuietly(audit, null);
    closeQuietly(directory, null);
  }

  @Override
  public String toString() {
    return "KmsLocalServer{" + endpoint + ", " + config + "}";
  }

  private static void closeQuietly(java.io.Closeable c, Exception primary) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      if (primary != null) {
        primary.addSuppressed(e);
      }
    }
  }
}
