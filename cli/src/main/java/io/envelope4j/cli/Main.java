package io.envelope4j.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/**
 * The {@code envelope4j} command.
 *
 * <p>Exit codes: 0 success; 2 bad usage; 3 a message failed to decrypt or authenticate; 4 no key
 * could be used (wrong key, key disabled or missing, KMS unreachable); 5 an input or output failed
 * (missing file, output exists, disk full, closed pipe); 6 a directory run in which some files
 * failed; 70 an internal error; 130 interrupted.
 */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, Terminal.system()));
  }

  /** The root command: only groups the subcommands. */
  @Command(
      name = "envelope4j",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = {
        "Envelope encryption in the AWS Encryption SDK message format.",
        "",
        "Keys come from the local key store in $ENVELOPE4J_HOME (default ~/.envelope4j) unless"
            + " --kms-endpoint, --aws or a raw key file says otherwise. The local store is"
            + " protected by file permissions only: back it up.",
      },
      footerHeading = "%nExit codes:%n",
      footer = {
        "  0  success",
        "  2  bad usage",
        "  3  a message failed to decrypt or authenticate (tampered, truncated, wrong context)",
        "  4  no key could be used (wrong key, key disabled or missing, KMS unreachable)",
        "  5  input or output failed (missing file, output exists, disk full, closed pipe)",
        "  6  a directory run in which some files failed",
        " 70  internal error",
        "130  interrupted"
      })
  static final class Root implements Runnable {
    @Override
    public void run() {
      throw new CliException(
          ExitCode.USAGE,
          "name a command: encrypt, decrypt, inspect or kms; see envelope4j --help");
    }
  }

  static int run(String[] args, Terminal terminal) {
    CommandLine cli = commandLine(terminal);
    return cli.execute(args);
  }

  static CommandLine commandLine(Terminal terminal) {
    CommandLine cli = new CommandLine(new Root());
    cli.addSubcommand(new EncryptCommand(terminal));
    cli.addSubcommand(new DecryptCommand(terminal));
    cli.addSubcommand(new InspectCommand(terminal));
    CommandLine kms = new CommandLine(new KmsCommands.Group());
    for (Function<Terminal, Object> sub : KmsCommands.subcommands()) {
      kms.addSubcommand(sub.apply(terminal));
    }
    cli.addSubcommand(kms);
    PrintWriter err = new PrintWriter(terminal.err(), true);
    PrintWriter out =
        new PrintWriter(
            new java.io.OutputStreamWriter(terminal.out(), StandardCharsets.UTF_8), true);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (ParameterException e, String[] a) -> {
          err.println("envelope4j: " + e.getMessage());
          err.println("Try: envelope4j " + e.getCommandLine().getCommandName() + " --help");
          return ExitCode.USAGE.code();
        });
    cli.setExecutionExceptionHandler(
        (Exception e, CommandLine c, CommandLine.ParseResult r) -> {
          CliException failure = Failures.classify(e);
          err.println("envelope4j: " + failure.getMessage());
          if (verbose(r)) {
            e.printStackTrace(err);
          }
          err.flush();
          return failure.exitCode().code();
        });
    return cli;
  }

  private static boolean verbose(CommandLine.ParseResult r) {
    for (CommandLine.ParseResult p = r; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("-v")) {
        return true;
      }
    }
    return false;
  }

  /** Prints the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"envelope4j " + (v == null ? "(development build)" : v)};
    }
  }
}
