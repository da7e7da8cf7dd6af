package io.envelope4j.kms;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Bounds which KMS keys a discovery keyring may ask KMS to use: a partition and the accounts
 * allowed in it. An encrypted data key whose key ARN lies outside the filter is skipped without any
 * call to KMS.
 *
 * <p>A filter must name at least one account: an empty account set would silently allow nothing,
 * which is never what a caller means; to allow every account, build the discovery keyring without a
 * filter.
 *
 * <p>Immutable value; accounts keep the order given, duplicates removed.
 */
public final class DiscoveryFilter {
  private final String partition;
  private final Set<String> accounts;

  private DiscoveryFilter(String partition, Set<String> accounts) {
    this.partition = partition;
    this.accounts = accounts;
  }

  /**
   * Returns a filter allowing keys of {@code accounts} in {@code partition}.
   *
   * @param partition such as {@code aws}, {@code aws-cn} or {@code aws-us-gov}
   * @param accounts the allowed account ids, at least one
   * @throws IllegalArgumentException if the partition is empty or contains ':', if no account is
   *     given, or if an account id is empty or contains ':'
   * @throws NullPointerException if an argument or an account is null
   */
  public static DiscoveryFilter of(String partition, Collection<String> accounts) {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(accounts, "accounts");
    if (partition.isEmpty() || partition.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "discovery filter partition '" + partition + "' is not valid; use e.g. 'aws'");
    }
    if (accounts.isEmpty()) {
      throw new IllegalArgumentException(
          "discovery filter for partition '"
              + partition
              + "' has no accounts; name at least one account, or use no filter to allow all");
    }
    Set<String> copy = new LinkedHashSet<>();
    for (String account : accounts) {
      Objects.requireNonNull(account, "account");
      if (account.isEmpty() || account.indexOf(':') >= 0) {
        throw new IllegalArgumentException(
            "discovery filter account '" + account + "' is not valid; use a 12-digit account id");
      }
      copy.add(account);
    }
    return new DiscoveryFilter(partition, Collections.unmodifiableSet(copy));
  }

  /** Same as {@link #of(String, Collection)} with the accounts as arguments. */
  public static DiscoveryFilter of(String partition, String... accounts) {
    return of(partition, List.of(accounts));
  }

  /** The partition keys must belong to. */
  public String partition() {
    return partition;
  }

  /** The allowed account ids, in the order given. */
  public Set<String> accounts() {
    return accounts;
  }

  /** Whether a key with this ARN is inside the filter: same partition, allowed account. */
  public boolean allows(KmsArn arn) {
    return arn.partition().equals(partition) && accounts.contains(arn.account());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DiscoveryFilter other
        && partition.equals(other.partition)
        && accounts.equals(other.accounts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(partition, accounts);
  }

  @Override
  public String toString() {
    return "DiscoveryFilter{partition=" + partition + ", accounts=" + accounts + "}";
  }
}
