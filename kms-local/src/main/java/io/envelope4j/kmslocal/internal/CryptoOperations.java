package io.envelope4j.kmslocal.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Encrypt, Decrypt, ReEncrypt, GenerateDataKey (with and without plaintext) and GenerateRandom. All
 * run under the store's read lock, so they proceed in parallel and never see a half-made change;
 * new ciphertexts always use a key's newest material.
 *
 * <p>Decrypt checks, in order: the blob's header (else {@code InvalidCiphertextException}), the
 * given KeyId (its resolution errors, then {@code IncorrectKeyException} if it is not the blob's
 * key), the blob's key (unknown: {@code InvalidCiphertextException}; disabled or pending deletion:
 * {@code DisabledException} or {@code KMSInvalidStateException}), then authentication with the
 * encryption context.
 */
final class CryptoOperations {
  static final int MAX_PLAINTEXT = 4096;
  static final int MAX_CIPHERTEXT = 6144;
  private static final Set<String> ALGORITHMS =
      Set.of("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE");
  private static final Set<String> DATA_KEY_SPECS = Set.of("AES_256", "AES_128");

  private final Store store;

  CryptoOperations(Store store) {
    this.store = store;
  }

  Map<String, Object> encrypt(Call c, Input in) {
    String keyId = in.string("KeyId");
    byte[] plaintext = in.blob("Plaintext", 1, MAX_PLAINTEXT, true);
    Map<String, String> context = in.stringMap("EncryptionContext");
    String algorithm = algorithm(in, "EncryptionAlgorithm");
    Operations.checkGrantTokens(in);
    try {
      return store.read(
          () -> {
            KeyRecord k = usableKey(c, "KeyId", keyId);
            Operations.checkDryRun(in);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("CiphertextBlob", seal(k, plaintext, context));
            r.put("KeyId", k.arn());
            r.put("EncryptionAlgorithm", algorithm);
            return r;
          });
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  Map<String, Object> decrypt(Call c, Input in) {
    byte[] blob = in.blob("CiphertextBlob", 1, MAX_CIPHERTEXT, true);
    Map<String, String> context = in.stringMap("EncryptionContext");
    String keyId = in.string("KeyId");
    String algorithm = algorithm(in, "EncryptionAlgorithm");
    Operations.checkGrantTokens(in);
    checkNoRecipient(in);
    return store.read(
        () -> {
          Opened o = open(c, blob, context, "KeyId", keyId);
          Operations.checkDryRun(in);
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("KeyId", o.key.arn());
          r.put("Plaintext", o.plaintext);
          r.put("EncryptionAlgorithm", algorithm);
          return r;
        });
  }

  Map<String, Object> reEncrypt(Call c, Input in) {
    byte[] blob = in.blob("CiphertextBlob", 1, MAX_CIPHERTEXT, true);
    Map<String, String> sourceContext = in.stringMap("SourceEncryptionContext");
    String sourceKeyId = in.string("SourceKeyId");
    String destinationKeyId = in.string("DestinationKeyId");
    Map<String, String> destinationContext = in.stringMap("DestinationEncryptionContext");
    String sourceAlgorithm = algorithm(in, "SourceEncryptionAlgorithm");
    String destinationAlgorithm = algorithm(in, "DestinationEncryptionAlgorithm");
    Operations.checkGrantTokens(in);
    return store.read(
        () -> {
          KeyRecord destination = usableKey(c, "DestinationKeyId", destinationKeyId);
          Opened o = open(c, blob, sourceContext, "SourceKeyId", sourceKeyId);
          try {
            Operations.checkDryRun(in);
            c.keyArn = destination.arn();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("CiphertextBlob", seal(destination, o.plaintext, destinationContext));
            r.put("SourceKeyId", o.key.arn());
            r.put("KeyId", destination.arn());
            r.put("SourceEncryptionAlgorithm", sourceAlgorithm);
            r.put("DestinationEncryptionAlgorithm", destinationAlgorithm);
            return r;
          } finally {
            Arrays.fill(o.plaintext, (byte) 0);
          }
        });
  }

  Map<String, Object> generateDataKey(Call c, Input in, boolean withPlaintext) {
    String keyId = in.string("KeyId");
    Map<String, String> context = in.stringMap("EncryptionContext");
    Integer numberOfBytes = in.integer("NumberOfBytes", 1, 1024);
    String spec = in.enumValue("KeySpec", DATA_KEY_SPECS);
    Operations.checkGrantTokens(in);
    checkNoRecipient(in);
    if (numberOfBytes != null && spec != null) {
      throw KmsException.validation("give KeySpec or NumberOfBytes, not both");
    }
    if (numberOfBytes == null && spec == null) {
      throw KmsException.validation("give KeySpec (AES_256 or AES_128) or NumberOfBytes");
    }
    int n = numberOfBytes != null ? numberOfBytes : spec.equals("AES_256") ? 32 : 16;
    return store.read(
        () -> {
          KeyRecord k = usableKey(c, "KeyId", keyId);
          Operations.checkDryRun(in);
          byte[] dataKey = Crypto.randomBytes(n);
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("CiphertextBlob", seal(k, dataKey, context));
          if (withPlaintext) {
            r.put("Plaintext", dataKey);
          } else {
            Arrays.fill(dataKey, (byte) 0);
          }
          r.put("KeyId", k.arn());
          return r;
        });
  }

  Map<String, Object> generateRandom(Call c, Input in) {
    Integer n = in.integer("NumberOfBytes", 1, 1024);
    if (in.has("CustomKeyStoreId")) {
      throw new KmsException(
          "CustomKeyStoreNotFoundException", "kms-local has no custom key stores");
    }
    checkNoRecipient(in);
    if (n == null) {
      throw Input.missing("NumberOfBytes");
    }
    return Map.of("Plaintext", Crypto.randomBytes(n));
  }

  // Helpers; callers hold the read lock.

  private record Opened(KeyRecord key, byte[] plaintext) {}

  private Opened open(Call c, byte[] blob, Map<String, String> ctx, String field, String keyId) {
    Crypto.Header h = Crypto.header(blob);
    if (keyId != null) {
      KeyRecord given = Keys.resolve(store, c, field, keyId, Keys.Forms.ANY);
      if (!given.keyId.equals(h.keyId()) || !given.account.equals(h.account())) {
        throw new KmsException(
            "IncorrectKeyException",
            "The key ID in the request does not identify the KMS key used to encrypt the"
                + " ciphertext.");
      }
    }
    KeyRecord k = store.key(c.region, h.account(), h.keyId());
    if (k == null) {
      throw Crypto.invalid();
    }
    c.keyArn = k.arn();
    Keys.requireUsable(k);
    if (h.materialVersion() >= k.materials.size()) {
      throw Crypto.invalid();
    }
    byte[] material = k.materials.get(h.materialVersion()).keyBytesShared();
    return new Opened(k, Crypto.open(h, material, blob, ctx));
  }

  private KeyRecord usableKey(Call c, String field, String keyId) {
    KeyRecord k = Keys.resolve(store, c, field, keyId, Keys.Forms.ANY);
    c.keyArn = k.arn();
    Keys.requireUsable(k);
    return k;
  }

  private static byte[] seal(KeyRecord k, byte[] plaintext, Map<String, String> context) {
    int version = k.materials.size() - 1;
    return Crypto.seal(
        k.keyId, k.account, version, k.currentMaterial().keyBytesShared(), plaintext, context);
  }

  private static String algorithm(Input in, String field) {
    String a = in.enumValue(field, ALGORITHMS);
    if (a != null && !a.equals("SYMMETRIC_DEFAULT")) {
      throw new KmsException(
          "InvalidKeyUsageException",
          field + " " + a + " is not supported by a SYMMETRIC_DEFAULT key; use SYMMETRIC_DEFAULT");
    }
    return "SYMMETRIC_DEFAULT";
  }

  private static void checkNoRecipient(Input in) {
    if (in.has("Recipient")) {
      throw new KmsException(
          "UnsupportedOperationException", "kms-local does not support Nitro Enclaves Recipient");
    }
  }
}
