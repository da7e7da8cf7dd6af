package io.envelope4j.kms;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the keyring builders. */
final class Checks {
  /** KMS accepts at most this many grant tokens per request. */
  static final int MAX_GRANT_TOKENS = 10;

  private Checks() {}

  static List<String> grantTokens(Collection<String> tokens) {
    Objects.requireNonNull(tokens, "grantTokens");
    if (tokens.size() > MAX_GRANT_TOKENS) {
      throw new IllegalArgumentException(
          tokens.size() + " grant tokens exceed the KMS maximum " + MAX_GRANT_TOKENS);
    }
    List<String> copy = new ArrayList<>(tokens.size());
    for (String token : tokens) {
      Objects.requireNonNull(token, "grant token");
      if (token.isEmpty()) {
        throw new IllegalArgumentException("a grant token is empty; remove it or pass a token");
      }
      copy.add(token);
    }
    return List.copyOf(copy);
  }

  static String region(String region) {
    Objects.requireNonNull(region, "region");
    if (!region.matches("[a-z0-9-]{1,64}")) {
      throw new IllegalArgumentException(
          "Region '" + region + "' is not a Region name; use a name like us-west-2");
    }
    return region;
  }

  static String keyId(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    if (!KmsArn.isValidIdentifier(keyId)) {
      throw new IllegalArgumentException(
          "'"
              + keyId
              + "' is not a KMS key identifier; use a key ARN, key id, alias/name or alias ARN");
    }
    return keyId;
  }

  /** Provider info for messages: it is not secret, but may be long or hostile. */
  static String printable(String s) {
    String cut = s.length() > 120 ? s.substring(0, 120) + "..." : s;
    StringBuilder b = new StringBuilder(cut.length());
    cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
