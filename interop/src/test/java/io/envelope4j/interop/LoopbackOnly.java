package io.envelope4j.interop;

import java.net.InetAddress;
import java.net.SocketPermission;
import java.net.UnknownHostException;
import java.security.Permission;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails any attempt of the code under test, the oracles included, to resolve or connect to a host
 * other than the loopback addresses, for the duration of a test class.
 *
 * <p>Design note: the check is a {@link SecurityManager} that grants every permission except a
 * {@link SocketPermission} whose host is not loopback. That API is deprecated for removal but still
 * works on Java 17, and it is the one hook that sees every socket and name lookup of the JVM (the
 * JDK, the AWS SDK and the Material Providers Library alike). It guards this JVM only; the
 * JavaScript oracle guards its own process (see {@code interop/js/esdk-batch.js}).
 */
@SuppressWarnings("removal")
public final class LoopbackOnly implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LoopbackOnly.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put("previous", new Holder(System.getSecurityManager()));
    System.setSecurityManager(new Guard());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Holder previous = context.getStore(NAMESPACE).remove("previous", Holder.class);
    System.setSecurityManager(previous == null ? null : previous.manager);
  }

  private record Holder(SecurityManager manager) {}

  /** Grants all but non-loopback socket permissions. */
  static final class Guard extends SecurityManager {
    @Override
    public void checkPermission(Permission permission) {
      if (permission instanceof SocketPermission socket && !isLoopback(socket.getName())) {
        throw new SecurityException(
            "interop tests reach no network, but something asked for " + socket);
      }
    }

    @Override
    public void checkPermission(Permission permission, Object context) {
      checkPermission(permission);
    }

    static boolean isLoopback(String hostAndPorts) {
      String host = hostAndPorts;
      if (host.startsWith("[")) {
        host = host.substring(1, host.indexOf(']'));
      } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
        host = host.substring(0, host.indexOf(':'));
      }
      if (host.equals("localhost")) {
        return true;
      }
      if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
        return false;
      }
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }
}
