package io.envelope4j.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KmsArnTest {
  // Identifier examples from the ESDK specification, framework/aws-kms/aws-kms-key-arn.md.
  static final String KEY_ARN =
      "arn:aws:kms:us-east-1:2222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  static final String MRK_ARN =
      "arn:aws:kms:us-east-1:2222222222222:key/mrk-4321abcd12ab34cd56ef1234567890ab";
  static final String ALIAS_ARN = "arn:aws:kms:us-west-2:111122223333:alias/test-key";

  @Test
  void parse_keyArn_splitsAllParts() {
    KmsArn arn = KmsArn.parse(KEY_ARN);

    assertEquals("aws", arn.partition());
    assertEquals("us-east-1", arn.region());
    assertEquals("2222222222222", arn.account());
    assertEquals("key", arn.resourceType());
    assertEquals("1234abcd-12ab-34cd-56ef-1234567890ab", arn.resourceId());
    assertTrue(arn.isKey());
    assertFalse(arn.isMultiRegionKey());
    assertEquals(KEY_ARN, arn.toString());
  }

  @Test
  void parse_aliasArn_isNotAKey() {
    KmsArn arn = KmsArn.parse(ALIAS_ARN);

    assertEquals("alias", arn.resourceType());
    assertEquals("test-key", arn.resourceId());
    assertFalse(arn.isKey());
    assertFalse(arn.isMultiRegionKey());
  }

  @Test
  void parse_extraSlashes_belongToResourceId() {
    KmsArn arn = KmsArn.parse("arn:aws:kms:us-east-1:111122223333:alias/team/app");

    assertEquals("team/app", arn.resourceId());
  }

  @Test
  void parse_otherPartition_isKept() {
    KmsArn arn = KmsArn.parse("arn:aws-cn:kms:cn-north-1:111122223333:key/abc");

    assertEquals("aws-cn", arn.partition());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "arn:aws:kms:us-east-1:111122223333",
        "arn:aws:kms:us-east-1:111122223333:key",
        "arn:aws:kms:us-east-1:111122223333:key/",
        "arn:aws:kms:us-east-1:111122223333:grant/abc",
        "arn::kms:us-east-1:111122223333:key/abc",
        "arn:aws:s3:us-east-1:111122223333:key/abc",
        "arn:aws:kms::111122223333:key/abc",
        "arn:aws:kms:us-east-1::key/abc",
        "nra:aws:kms:us-east-1:111122223333:key/abc",
        "arn:aws:kms:us-east-1:111122223333:/abc",
      })
  void parse_invalidArn_throwsNamingTheArn(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> KmsArn.parse(text));

    assertTrue(e.getMessage().contains("'" + text + "' is not a valid AWS KMS ARN"), e::getMessage);
  }

  @Test
  void parse_colonInResource_isPartOfResourceId() {
    // Six parts: everything after the fifth ':' is the resource.
    KmsArn arn = KmsArn.parse("arn:aws:kms:us-east-1:111122223333:alias/a:b");

    assertEquals("a:b", arn.resourceId());
  }

  @Test
  void isMultiRegionIdentifier_everyForm_followsTheSpecification() {
    assertTrue(KmsArn.isMultiRegionIdentifier(MRK_ARN));
    assertTrue(KmsArn.isMultiRegionIdentifier("mrk-4321abcd12ab34cd56ef1234567890ab"));
    assertFalse(KmsArn.isMultiRegionIdentifier(KEY_ARN));
    assertFalse(KmsArn.isMultiRegionIdentifier("1234abcd-12ab-34cd-56ef-1234567890ab"));
    assertFalse(KmsArn.isMultiRegionIdentifier(ALIAS_ARN));
    assertFalse(KmsArn.isMultiRegionIdentifier("alias/mrk-looks-like-one"));
    assertFalse(KmsArn.isMultiRegionIdentifier("arn:aws:kms:us-east-1:111122223333:alias/mrk-x"));
  }

  @Test
  void isMultiRegionIdentifier_invalidArn_throws() {
    assertThrows(
        IllegalArgumentException.class, () -> KmsArn.isMultiRegionIdentifier("arn:aws:kms:x"));
  }

  @Test
  void isValidIdentifier_everyForm_accepted() {
    assertTrue(KmsArn.isValidIdentifier(KEY_ARN));
    assertTrue(KmsArn.isValidIdentifier(ALIAS_ARN));
    assertTrue(KmsArn.isValidIdentifier("1234abcd-12ab-34cd-56ef-1234567890ab"));
    assertTrue(KmsArn.isValidIdentifier("alias/test-key"));
    assertFalse(KmsArn.isValidIdentifier(""));
    assertFalse(KmsArn.isValidIdentifier(null));
    assertFalse(KmsArn.isValidIdentifier("alias/"));
    assertFalse(KmsArn.isValidIdentifier("arn:aws:kms:us-east-1:111122223333:key/"));
    assertFalse(KmsArn.isValidIdentifier("key/abc"));
  }

  @Test
  void withRegion_mrk_changesOnlyTheRegion() {
    KmsArn moved = KmsArn.parse(MRK_ARN).withRegion("eu-west-1");

    assertEquals(
        "arn:aws:kms:eu-west-1:2222222222222:key/mrk-4321abcd12ab34cd56ef1234567890ab",
        moved.toString());
    assertThrows(IllegalArgumentException.class, () -> moved.withRegion("a:b"));
  }

  @Test
  void equals_sameText_equalAndSameHash() {
    assertEquals(KmsArn.parse(KEY_ARN), KmsArn.parse(KEY_ARN));
    assertEquals(KmsArn.parse(KEY_ARN).hashCode(), KmsArn.parse(KEY_ARN).hashCode());
    assertFalse(KmsArn.parse(MRK_ARN).equals(KmsArn.parse(MRK_ARN).withRegion("us-west-2")));
  }

  @Test
  void mrkMatch_identical_matchesEvenForAliases() {
    assertTrue(KmsArn.mrkMatch(ALIAS_ARN, ALIAS_ARN));
    assertTrue(KmsArn.mrkMatch("alias/x", "alias/x"));
    assertTrue(KmsArn.mrkMatch(KEY_ARN, KEY_ARN));
  }

  @Test
  void mrkMatch_mrkInOtherRegion_matches() {
    String replica = KmsArn.parse(MRK_ARN).withRegion("eu-west-1").toString();

    assertTrue(KmsArn.mrkMatch(MRK_ARN, replica));
    assertTrue(KmsArn.mrkMatch(replica, MRK_ARN));
  }

  @Test
  void mrkMatch_singleRegionKeyInOtherRegion_doesNotMatch() {
    String other = KmsArn.parse(KEY_ARN).withRegion("eu-west-1").toString();

    assertFalse(KmsArn.mrkMatch(KEY_ARN, other));
  }

  @Test
  void mrkMatch_aliasNamedMrkInOtherRegion_doesNotMatch() {
    String a = "arn:aws:kms:us-east-1:111122223333:alias/mrk-1";
    String b = "arn:aws:kms:us-west-2:111122223333:alias/mrk-1";

    assertFalse(KmsArn.mrkMatch(a, b));
  }

  @Test
  void mrkMatch_otherAccountPartitionOrId_doesNotMatch() {
    String base = "arn:aws:kms:us-east-1:111122223333:key/mrk-1";

    assertFalse(KmsArn.mrkMatch(base, "arn:aws:kms:us-west-2:444455556666:key/mrk-1"));
    assertFalse(KmsArn.mrkMatch(base, "arn:aws-cn:kms:us-west-2:111122223333:key/mrk-1"));
    assertFalse(KmsArn.mrkMatch(base, "arn:aws:kms:us-west-2:111122223333:key/mrk-2"));
  }

  @Test
  void mrkMatch_bareMrkIdAgainstArn_doesNotMatch() {
    assertFalse(KmsArn.mrkMatch("mrk-1", "arn:aws:kms:us-east-1:111122223333:key/mrk-1"));
  }
}
