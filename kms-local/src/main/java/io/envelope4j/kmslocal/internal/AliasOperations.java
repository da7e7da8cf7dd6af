package io.envelope4j.kmslocal.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CreateAlias, UpdateAlias, DeleteAlias and ListAliases. Alias targets are given as key id or key
 * ARN only (KMS does not let an alias point at an alias) and live in the caller's Region and
 * account.
 */
final class AliasOperations {
  private final Store store;
  private final Clock clock;

  AliasOperations(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  Map<String, Object> createAlias(Call c, Input in) {
    String name = aliasName(in);
    String target = in.string("TargetKeyId");
    return store.write(
        () -> {
          KeyRecord k = target(c, target);
          if (store.alias(c.region, c.account, name) != null) {
            throw new KmsException(
                "AlreadyExistsException",
                "An alias with the name arn:aws:kms:"
                    + c.region
                    + ":"
                    + c.account
                    + ":"
                    + name
                    + " already exists");
          }
          store.putAlias(new AliasRecord(c.region, c.account, name, k.keyId, clock.instant()));
          return Map.of();
        });
  }

  Map<String, Object> updateAlias(Call c, Input in) {
    String name = aliasName(in);
    String target = in.string("TargetKeyId");
    return store.write(
        () -> {
          AliasRecord a = existing(c, name);
          KeyRecord k = target(c, target);
          a.targetKeyId = k.keyId;
          a.lastUpdatedDate = clock.instant();
          return Map.of();
        });
  }

  Map<String, Object> deleteAlias(Call c, Input in) {
    String name = aliasName(in);
    return store.write(
        () -> {
          AliasRecord a = existing(c, name);
          store.removeAlias(a);
          KeyRecord k = store.key(c.region, c.account, a.targetKeyId);
          if (k != null) {
            c.keyArn = k.arn();
          }
          return Map.of();
        });
  }

  Map<String, Object> listAliases(Call c, Input in) {
    String keyId = in.string("KeyId");
    return store.read(
        () -> {
          List<AliasRecord> aliases = store.aliasesOf(c.region, c.account);
          if (keyId != null) {
            KeyRecord k = Keys.resolve(store, c, "KeyId", keyId, Keys.Forms.KEY_ONLY);
            c.keyArn = k.arn();
            aliases.removeIf(a -> !a.targetKeyId.equals(k.keyId) || !a.account.equals(k.account));
          }
          return Operations.page(
              in, "Aliases", aliases, a -> a.name, AliasOperations::render, 50, 100);
        });
  }

  private static Map<String, Object> render(AliasRecord a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("AliasName", a.name);
    m.put("AliasArn", a.arn());
    m.put("TargetKeyId", a.targetKeyId);
    m.put("CreationDate", a.creationDate);
    m.put("LastUpdatedDate", a.lastUpdatedDate);
    return m;
  }

  private static String aliasName(Input in) {
    String name = in.requiredString("AliasName", 1, 256);
    if (!name.startsWith("alias/")) {
      throw KmsException.validation(
          "AliasName '" + name + "' must begin with alias/, as in alias/my-app");
    }
    if (!Keys.ALIAS_NAME.matcher(name).matches()) {
      throw KmsException.validation(
          "AliasName '" + name + "' may contain only letters, digits, /, _ and - after alias/");
    }
    if (name.startsWith("alias/aws/")) {
      throw new KmsException(
          "InvalidAliasNameException", "alias/aws/ is reserved for AWS managed keys");
    }
    return name;
  }

  private AliasRecord existing(Call c, String name) {
    AliasRecord a = store.alias(c.region, c.account, name);
    if (a == null) {
      throw KmsException.notFound(
          "Alias arn:aws:kms:" + c.region + ":" + c.account + ":" + name + " is not found.");
    }
    return a;
  }

  private KeyRecord target(Call c, String target) {
    KeyRecord k = Keys.resolve(store, c, "TargetKeyId", target, Keys.Forms.KEY_ONLY);
    if (!k.account.equals(c.account)) {
      throw KmsException.notFound(
          "TargetKeyId "
              + target
              + " is in account "
              + k.account
              + "; aliases name keys of "
              + c.account
              + " only");
    }
    Keys.requireNotPendingDeletion(k);
    c.keyArn = k.arn();
    return k;
  }
}
