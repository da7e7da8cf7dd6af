package io.envelope4j.kmslocal.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;

/**
 * Appends one JSON line per request attempt to a file opened in append mode.
 *
 * <p>Design: each line goes out in one {@code write} on an {@code O_APPEND} channel, under this
 * object's lock, so lines from concurrent requests (and from other processes appending to the same
 * file) never interleave within a line. Lines are not fsynced: the audit log is for counting and
 * debugging, not for durability. A failed write is logged once at warning level and does not fail
 * the request.
 */
final class AuditLog implements Closeable {

  private final Path file;
  private final FileChannel channel;
  private boolean warned;

  AuditLog(Path file) throws IOException {
    this.file = file.toAbsolutePath();
    Path parent = this.file.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(DataDirectory.fileMode())
            }
            : new FileAttribute<?>[0];
    this.channel =
        FileChannel.open(
            this.file,
            EnumSet.of(
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
            attrs);
  }

  void append(Map<String, Object> event) {
    byte[] json = Json.write(event);
    ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
    synchronized (this) {
      try {
        while (line.hasRemaining()) {
          channel.write(line);
        }
      } catch (IOException e) {
        if (!warned) {
          warned = true;
          System.getLogger(AuditLog.class.getName())
              .log(System.Logger.Level.WARNING, "kms-local audit log " + file + " failed: " + e);
        }
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
