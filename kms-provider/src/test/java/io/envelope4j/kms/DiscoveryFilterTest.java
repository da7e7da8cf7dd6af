package io.envelope4j.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoveryFilterTest {
  @Test
  void of_noAccounts_refusedWithFix() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DiscoveryFilter.of("aws", List.of()));

    assertTrue(e.getMessage().contains("has no accounts"), e::getMessage);
    assertTrue(e.getMessage().contains("no filter"), e::getMessage);
  }

  @Test
  void of_emptyPartitionOrAccount_refused() {
    assertThrows(IllegalArgumentException.class, () -> DiscoveryFilter.of("", "111122223333"));
    assertThrows(IllegalArgumentException.class, () -> DiscoveryFilter.of("aws", ""));
    assertThrows(IllegalArgumentException.class, () -> DiscoveryFilter.of("aws", "1:2"));
    assertThrows(NullPointerException.class, () -> DiscoveryFilter.of(null, "111122223333"));
  }

  @Test
  void allows_partitionAndAccount_bothMustMatch() {
    DiscoveryFilter filter = DiscoveryFilter.of("aws", "111122223333", "444455556666");

    assertTrue(filter.allows(KmsArn.parse("arn:aws:kms:us-east-1:111122223333:key/a")));
    assertTrue(filter.allows(KmsArn.parse("arn:aws:kms:eu-west-1:444455556666:key/b")));
    assertFalse(filter.allows(KmsArn.parse("arn:aws:kms:us-east-1:777788889999:key/a")));
    assertFalse(filter.allows(KmsArn.parse("arn:aws-cn:kms:cn-north-1:111122223333:key/a")));
  }

  @Test
  void accounts_duplicates_removedInOrder() {
    DiscoveryFilter filter = DiscoveryFilter.of("aws", "2", "1", "2");

    assertEquals(List.of("2", "1"), List.copyOf(filter.accounts()));
    assertEquals(DiscoveryFilter.of("aws", Set.of("1", "2")), filter);
    assertThrows(UnsupportedOperationException.class, () -> filter.accounts().add("3"));
  }
}
