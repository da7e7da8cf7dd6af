package io.envelope4j.interop;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request to an oracle: encrypt a plaintext or decrypt a message with raw AES keyrings.
 *
 * <p>The first key is the generator; several keys make a multi-keyring whose other keys are
 * children. {@code suite}, {@code frameLength} and {@code context} matter to encrypt only. {@code
 * utf8Sorting} matters to ESDK JS only: its raw AES keyring sorts the context it binds to each
 * wrapped data key by UTF-16 code units unless told otherwise.
 */
record OracleCase(
    String id,
    Op op,
    Suite suite,
    int frameLength,
    Map<String, String> context,
    List<WrappingKey> keys,
    byte[] input,
    Policy policy,
    boolean utf8Sorting) {

  /** What the oracle is asked to do. */
  enum Op {
    ENCRYPT,
    DECRYPT
  }

  OracleCase {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(op, "op");
    context = Map.copyOf(context);
    keys = List.copyOf(keys);
    input = input.clone();
    Objects.requireNonNull(policy, "policy");
  }

  static OracleCase encrypt(
      String id,
      Suite suite,
      int frameLength,
      Map<String, String> context,
      List<WrappingKey> keys,
      byte[] plaintext) {
    return new OracleCase(
        id,
        Op.ENCRYPT,
        suite,
        frameLength,
        context,
        keys,
        plaintext,
        Policy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
        true);
  }

  static OracleCase decrypt(String id, List<WrappingKey> keys, byte[] message) {
    return new OracleCase(
        id,
        Op.DECRYPT,
        null,
        0,
        Map.of(),
        keys,
        message,
        Policy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
        true);
  }

  OracleCase withPolicy(Policy newPolicy) {
    return new OracleCase(id, op, suite, frameLength, context, keys, input, newPolicy, utf8Sorting);
  }

  OracleCase withUtf8Sorting(boolean newUtf8Sorting) {
    return new OracleCase(id, op, suite, frameLength, context, keys, input, policy, newUtf8Sorting);
  }

  @Override
  public byte[] input() {
    return input.clone();
  }

  @Override
  public String toString() {
    return id;
  }
}
