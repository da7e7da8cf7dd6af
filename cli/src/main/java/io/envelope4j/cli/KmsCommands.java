package io.envelope4j.cli;

import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.KmsLocalServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * {@code envelope4j kms ...}: manage keys in the configured KMS (the local key store unless {@code
 * --kms-endpoint} or {@code --aws} says otherwise), and {@code kms serve}.
 */
final class KmsCommands {
  private KmsCommands() {}

  /** The {@code kms} group. */
  @Command(
      name = "kms",
      mixinStandardHelpOptions = true,
      description = {
        "Manage keys in the configured KMS: the local key store in $ENVELOPE4J_HOME unless"
            + " --kms-endpoint or --aws is given.",
        "Keys are only ever changed or deleted through these commands."
      })
  static final class Group implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new CliException(ExitCode.USAGE, "kms needs a subcommand; see envelope4j kms --help");
    }
  }

  /** Shared by the key management commands: where the KMS is, and printing JSON. */
  abstract static class KmsCall implements Callable<Integer> {
    final Terminal terminal;
    @Mixin Verbosity verbosity = new Verbosity();
    @Mixin KeyOptions keys = new KeyOptions();

    KmsCall(Terminal terminal) {
      this.terminal = terminal;
    }

    abstract Object run(KmsClient kms);

    /** The client to use: the key's Region for commands naming a key ARN. */
    KmsClient client(KeySource source) {
      return source.kms();
    }

    @Override
    public Integer call() throws IOException {
      if (!keys.usesKms()) {
        throw new CliException(
            ExitCode.USAGE,
            "kms commands manage KMS keys; --raw-aes-key and --raw-rsa-key do not apply");
      }
      try (KeySource source = KeySource.open(keys, terminal)) {
        Object result = run(client(source));
        if (result != null) {
          PrintStream out = new PrintStream(terminal.out(), true, StandardCharsets.UTF_8);
          out.println(Json.write(result));
          out.flush();
        }
        return ExitCode.OK.code();
      }
    }
  }

  static Map<String, Object> key(KeyMetadata m) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("keyId", m.keyId());
    k.put("arn", m.arn());
    k.put("state", m.keyStateAsString());
    k.put("enabled", m.enabled());
    k.put("description", m.description());
    k.put("multiRegion", m.multiRegion());
    if (m.creationDate() != null) {
      k.put("created", m.creationDate().toString());
    }
    if (m.deletionDate() != null) {
      k.put("deletionDate", m.deletionDate().toString());
    }
    return k;
  }

  @Command(name = "create-key", mixinStandardHelpOptions = true, description = "Create a key.")
  static final class CreateKey extends KmsCall {
    @Option(names = "--description", paramLabel = "TEXT", description = "Key description.")
    String description = "";

    @Option(names = "--multi-region", description = "Create a multi-Region key (mrk-...).")
    boolean multiRegion;

    CreateKey(Terminal t) {
      super(t);
    }

    @Override
    Object run(KmsClient kms) {
      return key(
          kms.createKey(r -> r.description(description).multiRegion(multiRegion)).keyMetadata());
    }
  }

  @Command(name = "list-keys", mixinStandardHelpOptions = true, description = "List keys.")
  static final class ListKeys extends KmsCall {
    ListKeys(Terminal t) {
      super(t);
    }

    @Override
    Object run(KmsClient kms) {
      List<Object> out = new ArrayList<>();
      for (KeyListEntry e : kms.listKeysPaginator(r -> {}).keys()) {
        out.add(Map.of("keyId", e.keyId(), "arn", e.keyArn()));
      }
      return out;
    }
  }

  @Command(name = "list-aliases", mixinStandardHelpOptions = true, description = "List aliases.")
  static final class ListAliases extends KmsCall {
    ListAliases(Terminal t) {
      super(t);
    }

    @Override
    Object run(KmsClient kms) {
      List<Object> out = new ArrayList<>();
      for (AliasListEntry e : kms.listAliasesPaginator(r -> {}).aliases()) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("aliasName", e.aliasName());
        a.put("targetKeyId", e.targetKeyId());
        out.add(a);
      }
      return out;
    }
  }

  /** A command acting on one key named by a positional argument. */
  abstract static class OnKey extends KmsCall {
    @Parameters(index = "0", paramLabel = "KEY", description = "Key id, key ARN or alias.")
    String keyId;

    OnKey(Terminal t) {
      super(t);
    }

    @Override
    KmsClient client(KeySource source) {
      return source.clientForKey(keyId);
    }

    /** The key's ARN; aliases are resolved, since most key operations refuse them. */
    String resolvedKeyId(KmsClient kms) {
      if (keyId.startsWith("alias/") || keyId.contains(":alias/")) {
        return kms.describeKey(r -> r.keyId(keyId)).keyMetadata().arn();
      }
      return keyId;
    }
  }

  @Command(name = "describe-key", mixinStandardHelpOptions = true, description = "Show a key.")
  static final class DescribeKey extends OnKey {
    DescribeKey(Terminal t) {
      super(t);
    }

    @Override
    Object run(KmsClient kms) {
      return key(kms.describeKey(r -> r.keyId(keyId)).keyMetadata());
    }
  }

  @Command(
      name = "create-alias",
      mixinStandardHelpOptions = true,
      description = "Point an alias (alias/NAME) at a key.")
  static final class CreateAlias extends KmsCall {
    @Parameters(index = "0", paramLabel = "ALIAS", description = "alias/NAME")
    String alias;

    @Parameters(index = "1", paramLabel = "KEY", description = "Key id or ARN.")
    String keyId;

    CreateAlias(Terminal t) {
      super(t);
    }

    @Override
    Object run(KmsClient kms) {
      kms.createAlias(r -> r.aliasName(alias).targetKeyId(keyId));
      return Map.of("aliasName", alias, "targetKeyId", keyId);
    }
  }

  @Command(
      name = "enable-rotation",
      mixinStandardHelpOptions = true,
      description = "Rotate a key's material automatically.")
  static final class EnableRotation extends OnKey {
    @Option(
        names = "--period-days",
        paramLabel = "DAYS",
        description = "Rotation period, 90 to 2560 days; default: ${DEFAULT-VALUE}.")
    int periodDays = 365;

    EnableRotation(Terminal t) {
      super(t);
    }

    @Override
    Object run(KmsClient kms) {
      String id = resolvedKeyId(kms);
      kms.enableKeyRotation(r -> r.keyId(id).rotationPeriodInDays(periodDays));
      return Map.of("keyId", keyId, "rotationPeriodInDays", periodDays);
    }
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = "Rotate a key's material now; older messages still decrypt.")
  static final class Rotate extends OnKey {
    Rotate(Terminal t) {
      super(t);
    }

    @Override
    Object run(KmsClient kms) {
      String id = resolvedKeyId(kms);
      kms.rotateKeyOnDemand(r -> r.keyId(id));
      return Map.of("keyId", keyId, "rotated", true);
    }
  }

  /** Enable, disable and cancel-deletion: one call, then the key's new state. */
  abstract static class StateChange extends OnKey {
    StateChange(Terminal t) {
      super(t);
    }

    abstract void change(KmsClient kms);

    @Override
    Object run(KmsClient kms) {
      change(kms);
      return key(kms.describeKey(r -> r.keyId(keyId)).keyMetadata());
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a key.")
  static final class Disable extends StateChange {
    Disable(Terminal t) {
      super(t);
    }

    @Override
    void change(KmsClient kms) {
      String id = resolvedKeyId(kms);
      kms.disableKey(r -> r.keyId(id));
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a key.")
  static final class Enable extends StateChange {
    Enable(Terminal t) {
      super(t);
    }

    @Override
    void change(KmsClient kms) {
      String id = resolvedKeyId(kms);
      kms.enableKey(r -> r.keyId(id));
    }
  }

  @Command(
      name = "cancel-deletion",
      mixinStandardHelpOptions = true,
      description = "Cancel a scheduled deletion (the key stays disabled).")
  static final class CancelDeletion extends StateChange {
    CancelDeletion(Terminal t) {
      super(t);
    }

    @Override
    void change(KmsClient kms) {
      String id = resolvedKeyId(kms);
      kms.cancelKeyDeletion(r -> r.keyId(id));
    }
  }

  @Command(
      name = "schedule-deletion",
      mixinStandardHelpOptions = true,
      description = {
        "Schedule a key's deletion. When the window ends, every message encrypted only under"
            + " this key becomes undecryptable."
      })
  static final class ScheduleDeletion extends StateChange {
    @Option(
        names = "--days",
        paramLabel = "DAYS",
        description = "Waiting period, 7 to 30 days; default: ${DEFAULT-VALUE}.")
    int days = 30;

    ScheduleDeletion(Terminal t) {
      super(t);
    }

    @Override
    void change(KmsClient kms) {
      String id = resolvedKeyId(kms);
      kms.scheduleKeyDeletion(r -> r.keyId(id).pendingWindowInDays(days));
    }
  }

  @Command(
      name = "replicate",
      mixinStandardHelpOptions = true,
      description = "Replicate a multi-Region key into another Region.")
  static final class Replicate extends OnKey {
    @Option(
        names = "--to-region",
        required = true,
        paramLabel = "REGION",
        description = "The replica's Region.")
    String toRegion;

    Replicate(Terminal t) {
      super(t);
    }

    @Override
    Object run(KmsClient kms) {
      String id = resolvedKeyId(kms);
      return key(kms.replicateKey(r -> r.keyId(id).replicaRegion(toRegion)).replicaKeyMetadata());
    }
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "Run the local KMS in the foreground until interrupted (Ctrl-C).",
        "Other envelope4j runs on the same $ENVELOPE4J_HOME send their requests here."
      })
  static final class Serve implements Callable<Integer> {
    final Terminal terminal;
    @Mixin Verbosity verbosity = new Verbosity();

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port; default: a free one.")
    int port;

    @Option(
        names = "--bind",
        paramLabel = "ADDRESS",
        description = "Address to listen on; default: ${DEFAULT-VALUE} (this machine only).")
    String bind = "127.0.0.1";

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "Key store directory; default: $ENVELOPE4J_HOME/kms.")
    Path dataDir;

    @Option(names = "--seed", paramLabel = "FILE", description = "JSON file of keys to load.")
    Path seed;

    @Option(
        names = "--audit-log",
        paramLabel = "FILE",
        description = "Append one JSON line per request.")
    Path auditLog;

    @Option(names = "--in-memory", description = "Keep keys in memory only (lost at exit).")
    boolean inMemory;

    final CountDownLatch stop = new CountDownLatch(1);

    Serve(Terminal t) {
      this.terminal = t;
    }

    @Override
    public Integer call() throws Exception {
      Path home = terminal.home();
      EmbeddedKms.createPrivateDirectory(home);
      KmsLocal.Builder b = KmsLocal.builder().bindAddress(InetAddress.getByName(bind)).port(port);
      boolean defaultStore = false;
      if (!inMemory) {
        Path dir = dataDir != null ? dataDir : home.resolve("kms");
        defaultStore = dataDir == null;
        b.dataDirectory(dir);
      }
      if (seed != null) {
        b.seed(seed);
      }
      if (auditLog != null) {
        b.auditLog(auditLog);
      }
      KmsLocalServer server = b.build().start();
      boolean recorded = defaultStore;
      Runnable shutdown =
          () -> {
            server.close();
            if (recorded) {
              try {
                Files.deleteIfExists(EmbeddedKms.serveRecord(home));
              } catch (IOException e) {
                // A stale record names a dead pid; the next CLI run ignores it.
              }
            }
            stop.countDown();
          };
      Thread hook = new Thread(shutdown, "envelope4j-serve-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      if (defaultStore) {
        EmbeddedKms.recordServe(home, server.endpoint());
      }
      terminal.err().println("envelope4j: KMS listening on " + server.endpoint());
      PrintStream out = new PrintStream(terminal.out(), true, StandardCharsets.UTF_8);
      out.println(server.endpoint());
      out.flush();
      stop.await();
      return ExitCode.OK.code();
    }
  }

  /** All key-management subcommands, for registration. */
  static List<Function<Terminal, Object>> subcommands() {
    return List.of(
        Serve::new,
        CreateKey::new,
        ListKeys::new,
        DescribeKey::new,
        CreateAlias::new,
        ListAliases::new,
        EnableRotation::new,
        Rotate::new,
        Disable::new,
        Enable::new,
        ScheduleDeletion::new,
        CancelDeletion::new,
        Replicate::new);
  }
}
