package io.envelope4j.cli;

import io.envelope4j.BadCiphertextException;
import io.envelope4j.CommitmentPolicyException;
import io.envelope4j.EnvelopeException;
import io.envelope4j.KeyProviderException;
import io.envelope4j.NoDecryptionKeyException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns any failure into the exit code and the one-line message the CLI prints.
 *
 * <p>Design note: streams deliver envelope failures as {@link IOException}s whose cause is the
 * envelope exception, so the cause chain is searched for the most specific known type first.
 * Messages of envelope exceptions are written by core to be safe to show (no key bytes, no
 * plaintext); SDK messages name keys and Regions only.
 */
final class Failures {
  private Failures() {}

  static CliException classify(Throwable t) {
    if (t instanceof CliException c) {
      return c;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CliException cli) {
        return cli;
      }
      if (c instanceof BadCiphertextException || c instanceof CommitmentPolicyException) {
        return new CliException(ExitCode.BAD_MESSAGE, c.getMessage(), t);
      }
      if (c instanceof NoDecryptionKeyException || c instanceof KeyProviderException) {
        return new CliException(ExitCode.KEY_ACCESS, c.getMessage(), t);
      }
      if (c instanceof EnvelopeException) {
        return new CliException(ExitCode.BAD_MESSAGE, c.getMessage(), t);
      }
      if (c instanceof SdkException) {
        return new CliException(ExitCode.KEY_ACCESS, "KMS: " + c.getMessage(), t);
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException io) {
        return new CliException(ExitCode.IO, describe(io), t);
      }
      if (c instanceof UncheckedIOException u) {
        return new CliException(ExitCode.IO, describe(u.getCause()), t);
      }
    }
    if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
      return new CliException(ExitCode.USAGE, t.getMessage(), t);
    }
    return new CliException(
        ExitCode.INTERNAL,
        "internal error ("
            + t.getClass().getName()
            + "); please report it with the command you ran, run with -v for the trace",
        t);
  }

  static String describe(IOException e) {
    if (e instanceof NoSuchFileException n) {
      return n.getFile() + ": no such file or directory";
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + ": output exists; remove it, or drop --no-overwrite";
    }
    if (e instanceof AccessDeniedException a) {
      return a.getFile() + ": permission denied";
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String lower = m.toLowerCase(Locale.ROOT);
    if (lower.contains("no space left")) {
      return "disk full (no space left on device); free space and retry; nothing was kept";
    }
    if (lower.contains("file too large")) {
      return "file too large for this file system or the process's file-size limit;"
          + " nothing was kept";
    }
    if (lower.contains("broken pipe")) {
      return "output closed early (broken pipe)";
    }
    if (e instanceof FileSystemException fs && fs.getFile() != null) {
      return fs.getFile() + ": " + (fs.getReason() == null ? m : fs.getReason());
    }
    if (e instanceof FileNotFoundException) {
      return m;
    }
    return m;
  }
}
