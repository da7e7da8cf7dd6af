package io.envelope4j.kmslocal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Thrown by {@link KmsLocal#start()} when another server holds the data directory's exclusive lock.
 * The message names the owner; {@link #owner()} gives its endpoint so a caller can use the running
 * server rather than open the store twice.
 */
public final class DataDirectoryInUseException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path dataDirectory;
  private final transient DataDirectoryOwner owner;

  /** Creates the exception for {@code dataDirectory}; {@code owner} may be null if unknown. */
  public DataDirectoryInUseException(Path dataDirectory, DataDirectoryOwner owner) {
    super(message(dataDirectory, owner));
    this.dataDirectory = dataDirectory;
    this.owner = owner;
  }

  /** The directory that is in use. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The owning server, when it has recorded itself (it does so right after binding). */
  public Optional<DataDirectoryOwner> owner() {
    return Optional.ofNullable(owner);
  }

  private static String message(Path dir, DataDirectoryOwner owner) {
    if (owner == null) {
      return "data directory "
          + dir
          + " is locked by another kms-local server that is still starting;"
          + " retry shortly or use another directory";
    }
    return "data directory "
        + dir
        + " is owned by kms-local process "
        + owner.pid()
        + " serving "
        + owner.endpoint()
        + " since "
        + owner.startedAt()
        + "; send requests to that endpoint, stop that server, or use another directory";
  }
}
