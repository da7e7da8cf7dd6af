package io.envelope4j.kmslocal.internal;

import java.util.regex.Pattern;

/**
 * Key identifier resolution and key-state checks, shared by the operations. Callers hold the store
 * lock.
 *
 * <p>KMS accepts four forms: key id, key ARN, alias name ({@code alias/...}) and alias ARN. Key
 * management operations accept only the first two; an alias there is {@code NotFoundException
 * Invalid keyId}, as KMS answers. An ARN naming another Region is not found; an ARN naming another
 * account resolves in that account (kms-local stores key policies but does not enforce them).
 */
final class Keys {
  static final Pattern ALIAS_NAME = Pattern.compile("alias/[a-zA-Z0-9/_-]+");

  private Keys() {}

  /** How a field may name a key. */
  enum Forms {
    /** Key id, key ARN, alias name, alias ARN; other accounts' ARNs too. */
    ANY,
    /** Key id or key ARN; other accounts' key ARNs too. */
    KEY_ONLY_CROSS_ACCOUNT,
    /** Key id or key ARN of the caller's own account. */
    KEY_ONLY
  }

  static KeyRecord resolve(Store store, Call c, String field, String id, Forms forms) {
    if (id == null) {
      throw Input.missing(field);
    }
    if (id.isEmpty() || id.length() > 2048) {
      throw KmsException.validation(field + " has length " + id.length() + ", outside 1..2048");
    }
    String account = c.account;
    String resource = id;
    if (id.startsWith("arn:")) {
      String[] parts = id.split(":", 6);
      if (parts.length != 6 || !parts[2].equals("kms") || !parts[1].startsWith("aws")) {
        throw KmsException.notFound("Invalid arn " + id);
      }
      if (!parts[3].equals(c.region)) {
        throw KmsException.notFound(
            "Invalid arn "
                + id
                + ": it names Region "
                + parts[3]
                + ", the request is in "
                + c.region);
      }
      account = parts[4];
      resource = parts[5];
      if (forms == Forms.KEY_ONLY && !account.equals(c.account)) {
        throw KmsException.notFound(
            "Invalid arn "
                + id
                + ": "
                + field
                + " must name a key of the caller's account "
                + c.account);
      }
      if (!resource.startsWith("key/") && !resource.startsWith("alias/")) {
        throw KmsException.notFound("Invalid arn " + id);
      }
      if (resource.startsWith("key/")) {
        resource = resource.substring(4);
        if (resource.isEmpty() || resource.startsWith("alias/")) {
          throw KmsException.notFound("Invalid arn " + id);
        }
      }
    }
    if (resource.startsWith("alias/")) {
      if (forms != Forms.ANY) {
        throw KmsException.notFound(
            "Invalid keyId " + id + ": " + field + " takes a key id or key ARN, not an alias");
      }
      AliasRecord a = store.alias(c.region, account, resource);
      if (a == null) {
        throw KmsException.notFound(
            "Alias arn:aws:kms:" + c.region + ":" + account + ":" + resource + " is not found.");
      }
      resource = a.targetKeyId;
    }
    KeyRecord k = store.key(c.region, account, resource);
    if (k == null) {
      throw KmsException.notFound(
          "Key '" + KeyRecord.arn(c.region, account, resource) + "' does not exist");
    }
    return k;
  }

  /** Best-effort resolution for fault matching: the key ARN, or null. */
  static String arnOrNull(Store store, Call c, String id) {
    try {
      return resolve(store, c, "KeyId", id, Forms.ANY).arn();
    } catch (KmsException e) {
      return null;
    }
  }

  /** Refuses cryptographic use of a disabled key or a key pending deletion. */
  static void requireUsable(KeyRecord k) {
    if (k.state == KeyState.DISABLED) {
      throw new KmsException("DisabledException", k.arn() + " is disabled.");
    }
    requireNotPendingDeletion(k);
  }

  static void requireNotPendingDeletion(KeyRecord k) {
    if (k.state.isPendingDeletion()) {
      throw KmsException.invalidState(k.arn() + " is " + k.state.wireName() + ".");
    }
  }
}
