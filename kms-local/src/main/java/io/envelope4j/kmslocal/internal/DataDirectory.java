package io.envelope4j.kmslocal.internal;

import io.envelope4j.kmslocal.DataDirectoryInUseException;
import io.envelope4j.kmslocal.DataDirectoryOwner;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A data directory owned by this server: the exclusive lock, the owner record and the store
 * snapshot.
 *
 * <pre>
 * DIR/          0700
 *   lock        0600  held with an exclusive OS file lock while a server runs
 *   owner.json  0600  {"pid", "endpoint", "startedAt"} of the owning server
 *   store.json  0600  the latest durable snapshot of every key and alias
 * </pre>
 *
 * <p>Design: a snapshot is written to {@code store.json.tmp}, fsynced, renamed over {@code
 * store.json} atomically and then the directory is fsynced, so after a crash or power cut the file
 * holds either the previous or the new snapshot, never a mix. The OS releases the lock when the
 * process dies, even on SIGKILL; a stale {@code owner.json} is overwritten by the next owner. On
 * file systems without POSIX permissions the modes are not enforced. Key material is stored
 * unencrypted (kms-local is a development server), protected by the modes only.
 */
final class DataDirectory implements Closeable {
  private static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-------");

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final boolean posix;

  private DataDirectory(Path dir, FileChannel lockChannel, FileLock lock, boolean posix) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.posix = posix;
  }

  /** Creates (0700) or opens {@code dir} and takes its lock. */
  static DataDirectory open(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new IOException("data directory " + abs + " is a file; give a directory path");
    }
    if (!Files.isDirectory(abs)) {
      if (posix) {
        Files.createDirectories(abs, PosixFilePermissions.asFileAttribute(DIR_MODE));
      } else {
        Files.createDirectories(abs);
      }
    }
    if (posix) {
      Files.setPosixFilePermissions(abs, DIR_MODE);
    }
    FileChannel ch =
        openFile(abs.resolve("lock"), posix, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      throw new DataDirectoryInUseException(abs, readOwner(abs));
    }
    return new DataDirectory(abs, ch, lock, posix);
  }

  Path storeFile() {
    return dir.resolve("store.json");
  }

  /** The latest snapshot, or null for a new directory. */
  byte[] readStore() throws IOException {
    try {
      return Files.readAllBytes(storeFile());
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  void saveStore(byte[] snapshot) throws IOException {
    Path tmp = dir.resolve("store.json.tmp");
    writeDurably(tmp, snapshot);
    try {
      Files.move(
          tmp, storeFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("file system of " + dir + " cannot rename atomically", e);
    }
    syncDirectory();
  }

  void recordOwner(URI endpoint, Instant startedAt) throws IOException {
    Map<String, Object> owner = new LinkedHashMap<>();
    owner.put("pid", ProcessHandle.current().pid());
    owner.put("endpoint", endpoint.toString());
    owner.put("startedAt", startedAt.toString());
    Path tmp = dir.resolve("owner.json.tmp");
    writeDurably(tmp, Json.write(owner));
    Files.move(
        tmp,
        dir.resolve("owner.json"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    syncDirectory();
  }

  @Override
  public void close() throws IOException {
    try {
      Files.deleteIfExists(dir.resolve("owner.json"));
    } finally {
      lock.release();
      lockChannel.close();
    }
  }

  private void writeDurably(Path file, byte[] bytes) throws IOException {
    Files.deleteIfExists(file);
    try (FileChannel ch =
        openFile(file, posix, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }

  private void syncDirectory() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private static FileChannel openFile(Path file, boolean posix, StandardOpenOption... options)
      throws IOException {
    Set<StandardOpenOption> opts = EnumSet.noneOf(StandardOpenOption.class);
    opts.addAll(java.util.List.of(options));
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
            : new FileAttribute<?>[0];
    return FileChannel.open(file, opts, attrs);
  }

  /** Reads the owner record of {@code dir}, or null when absent or unreadable. */
  @SuppressWarnings("unchecked")
  static DataDirectoryOwner readOwner(Path dir) {
    try {
      byte[] bytes = Files.readAllBytes(dir.resolve("owner.json"));
      Map<String, Object> m = (Map<String, Object>) Json.parse(bytes);
      return new DataDirectoryOwner(
          ((Number) m.get("pid")).longValue(),
          URI.create((String) m.get("endpoint")),
          Instant.parse((String) m.get("startedAt")));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static Set<PosixFilePermission> fileMode() {
    return FILE_MODE;
  }
}
