package io.envelope4j.cache;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.materials.DecryptionMaterialsRequest;
import io.envelope4j.materials.EncryptionMaterialsRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A cache entry identifier: a SHA-512 digest computed with the formulas of the ESDK specification's
 * caching CMM appendix A, so equal requests in one partition always meet the same entry and
 * requests that differ in partition, suite, encryption context or encrypted data keys never do.
 *
 * <p>Design note: the digest inputs of the three formulas have different lengths (129 and 131 bytes
 * for encryption, at least 194 for decryption), so the formulas cannot collide with each other. On
 * decrypt, a non-empty reproduced (required) encryption context is appended as one more field, a
 * 0x01 byte and the SHA-512 of its serialization; without it the formula is the specification's.
 * Nothing here is secret: the inputs are the request's public fields. Each identifier takes one
 * {@link MessageDigest}, which computes the inner digests first (each {@code digest} call resets
 * it) and then the outer one: a provider lookup costs more than hashing a short context.
 */
final class CacheId {
  private static final byte[] END_OF_KEYS = new byte[64];

  private final byte[] digest;
  private final int hash;

  private CacheId(byte[] digest) {
    this.digest = digest;
    this.hash = Arrays.hashCode(digest);
  }

  /** The partition's digest, computed once per manager. */
  static byte[] partitionDigest(String partition) {
    return sha512().digest(partition.getBytes(StandardCharsets.UTF_8));
  }

  /** The identifier of an encryption request (appendix A, with or without a suite). */
  static CacheId forEncrypt(byte[] partitionDigest, EncryptionMaterialsRequest request) {
    MessageDigest md = sha512();
    byte[] contextDigest = contextDigest(md, request.encryptionContext());
    md.update(partitionDigest);
    if (request.requestedSuite().isPresent()) {
      md.update((byte) 1);
      putSuite(md, request.requestedSuite().get());
    } else {
      md.update((byte) 0);
    }
    md.update(contextDigest);
    return new CacheId(md.digest());
  }

  /** The identifier of a decryption request (appendix A, plus the reproduced context if any). */
  static CacheId forDecrypt(byte[] partitionDigest, DecryptionMaterialsRequest request) {
    MessageDigest md = sha512();
    List<byte[]> keyDigests = new ArrayList<>();
    for (EncryptedDataKey key : request.encryptedDataKeys()) {
      keyDigests.add(md.digest(serialize(key)));
    }
    keyDigests.sort(Arrays::compareUnsigned);
    byte[] contextDigest = contextDigest(md, request.encryptionContext());
    byte[] reproducedDigestOrNull =
        request.reproducedEncryptionContext().isEmpty()
            ? null
            : contextDigest(md, request.reproducedEncryptionContext());

    md.update(partitionDigest);
    putSuite(md, request.suite());
    for (byte[] keyDigest : keyDigests) {
      md.update(keyDigest);
    }
    md.update(END_OF_KEYS);
    md.update(contextDigest);
    if (reproducedDigestOrNull != null) {
      md.update((byte) 1);
      md.update(reproducedDigestOrNull);
    }
    return new CacheId(md.digest());
  }

  private static void putSuite(MessageDigest md, AlgorithmSuite suite) {
    md.update((byte) (suite.id() >>> 8));
    md.update((byte) suite.id());
  }

  /** The digest of a context's serialization, on {@code md}, which it leaves reset. */
  private static byte[] contextDigest(MessageDigest md, Map<String, String> context) {
    return md.digest(serialize(context));
  }

  /**
   * The message format's encryption context serialization: nothing for an empty context, else a
   * two-byte count and each pair as two length-prefixed UTF-8 strings, sorted by the key's bytes.
   */
  static byte[] serialize(Map<String, String> context) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (context.isEmpty()) {
      return out.toByteArray();
    }
    List<byte[][]> pairs = new ArrayList<>();
    for (Map.Entry<String, String> e : context.entrySet()) {
      pairs.add(new byte[][] {utf8(e.getKey(), "key"), utf8(e.getValue(), "value")});
    }
    pairs.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    if (pairs.size() > 0xFFFF) {
      throw new IllegalArgumentException(
          "encryption context of " + pairs.size() + " entries exceeds the maximum 65535");
    }
    putShort(out, pairs.size());
    for (byte[][] pair : pairs) {
      putField(out, pair[0]);
      putField(out, pair[1]);
    }
    return out.toByteArray();
  }

  /**
   * Strict UTF-8: a string that is not valid Unicode (an unpaired surrogate) is refused rather than
   * replaced, since replacement would give two different contexts the same identifier.
   */
  private static byte[] utf8(String s, String what) {
    try {
      ByteBuffer encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(s));
      byte[] out = new byte[encoded.remaining()];
      encoded.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "encryption context " + what + " is not valid Unicode; it cannot be written", e);
    }
  }

  /** An encrypted data key as the header stores it: three length-prefixed fields. */
  static byte[] serialize(EncryptedDataKey key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    putField(out, key.providerIdBytes());
    putField(out, key.providerInfo());
    putField(out, key.ciphertext());
    return out.toByteArray();
  }

  private static void putField(ByteArrayOutputStream out, byte[] field) {
    if (field.length > 0xFFFF) {
      throw new IllegalArgumentException(
          "encryption context entry of "
              + field.length
              + " bytes exceeds the message format's maximum 65535");
    }
    putShort(out, field.length);
    out.writeBytes(field);
  }

  private static void putShort(ByteArrayOutputStream out, int value) {
    out.write(value >>> 8);
    out.write(value);
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-512", e);
    }
  }

  /** The digest; a fresh copy. */
  byte[] digest() {
    return digest.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CacheId other && MessageDigest.isEqual(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** The first eight hex digits, enough to tell entries apart in a debugger. */
  @Override
  public String toString() {
    return String.format("CacheId[%02x%02x%02x%02x]", digest[0], digest[1], digest[2], digest[3]);
  }
}
