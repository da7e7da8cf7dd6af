package io.envelope4j.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An output file that appears under its final name only when the caller commits it.
 *
 * <p>Design note: bytes go to a temporary file created beside the target (same directory, so the
 * final rename is atomic and never crosses a file system), with mode 0600 from the start so
 * plaintext is never readable by others even for a moment. {@link #commit()} forces the bytes to
 * disk and renames the file into place; {@link #close()} without a commit deletes it. Every
 * temporary file still open is registered in a JVM-wide set that a shutdown hook empties, so Ctrl-C
 * (SIGINT/SIGTERM) leaves nothing behind either. A SIGKILL cannot be intercepted: then a file named
 * {@code .<name>.e4j-tmp-*} may remain, never the final name.
 */
final class AtomicOutput implements AutoCloseable {
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Path p : PENDING) {
                    try {
                      Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                      // Best effort at exit: nothing else can be done about it here.
                    }
                  }
                },
                "envelope4j-tmp-cleanup"));
  }

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final boolean overwrite;
  private boolean done;

  private AtomicOutput(Path target, Path temp, FileChannel channel, boolean overwrite) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
    this.overwrite = overwrite;
  }

  /**
   * Opens a temporary file beside {@code target}.
   *
   * @throws FileAlreadyExistsException if {@code overwrite} is false and the target exists
   * @throws IOException if the directory cannot take a new file
   */
  static AtomicOutput open(Path target, boolean overwrite) throws IOException {
    Path absolute = target.toAbsolutePath();
    if (Files.isSymbolicLink(absolute) && Files.exists(absolute)) {
      // Replace what the link points at, never the link itself.
      absolute = absolute.toRealPath();
    }
    boolean exists = Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    if (exists && !overwrite) {
      throw new FileAlreadyExistsException(target.toString(), null, "output exists");
    }
    if (exists && !Files.isRegularFile(absolute) && !Files.isDirectory(absolute)) {
      // A device or a FIFO (such as /dev/null): write through to it; it cannot be renamed over.
      FileChannel direct = FileChannel.open(absolute, StandardOpenOption.WRITE);
      return new AtomicOutput(absolute, null, direct, true);
    }
    Path dir = absolute.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException("output directory " + dir + " does not exist");
    }
    Path temp;
    try {
      temp =
          Files.createTempFile(
              dir,
              "." + absolute.getFileName() + ".e4j-tmp-",
              "",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".e4j-tmp-", "");
    } catch (AccessDeniedException e) {
      throw new IOException("cannot write in directory " + dir + ": permission denied", e);
    }
    PENDING.add(temp);
    FileChannel channel;
    try {
      channel = FileChannel.open(temp, StandardOpenOption.WRITE);
    } catch (IOException e) {
      PENDING.remove(temp);
      Files.deleteIfExists(temp);
      throw e;
    }
    return new AtomicOutput(absolute, temp, channel, overwrite);
  }

  /** Whether output goes straight to a device or FIFO, so nothing can be taken back. */
  boolean direct() {
    return temp == null;
  }

  /** The stream to write the output through; closing it does not commit. */
  OutputStream stream() {
    OutputStream raw = Channels.newOutputStream(channel);
    return new java.io.FilterOutputStream(raw) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() {
        // The owner commits or discards; closing the view does nothing.
      }
    };
  }

  /** Forces the bytes to disk and moves the file to its final name. */
  void commit() throws IOException {
    if (done) {
      throw new IllegalStateException("output already committed or discarded");
    }
    if (temp == null) {
      channel.close();
      done = true;
      return;
    }
    channel.force(true);
    channel.close();
    if (!overwrite && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      discard();
      throw new FileAlreadyExistsException(target.toString(), null, "output exists");
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    PENDING.remove(temp);
    done = true;
  }

  private void discard() {
    done = true;
    try {
      channel.close();
    } catch (IOException ignored) {
      // The file is deleted next; a failed close changes nothing for the caller.
    }
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // Left for the shutdown hook to retry.
      return;
    }
    PENDING.remove(temp);
  }

  /** Deletes the temporary file unless {@link #commit()} succeeded. */
  @Override
  public void close() {
    if (!done) {
      discard();
    }
  }
}
