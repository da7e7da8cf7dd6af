package io.envelope4j.kms;

import java.util.Objects;

/**
 * An AWS KMS ARN, parsed and validated: {@code arn:<partition>:kms:<region>:<account>:<type>/<id>}.
 *
 * <pre>
 *   arn : aws : kms : us-east-1 : 111122223333 : key / mrk-1234abcd
 *   ^     ^     ^     ^           ^              ^     ^
 *   arn   part. svc.  region      account        type  resource id (may contain '/')
 * </pre>
 *
 * <p>The rules are the ESDK's, not all of AWS's: six colon-separated parts, the literal {@code arn}
 * and {@code kms}, non-empty partition, Region and account, and a resource of type {@code key} or
 * {@code alias} with a non-empty id after the first {@code /}. A key whose resource id starts with
 * {@code mrk-} is a multi-Region key; an alias never is, whatever its name.
 *
 * <p>Instances are immutable values; {@link #toString()} gives the ARN back exactly.
 */
public final class KmsArn {
  /** The resource type of a key ARN. */
  public static final String KEY = "key";

  /** The resource type of an alias ARN. */
  public static final String ALIAS = "alias";

  private static final String MRK_PREFIX = "mrk-";

  private final String partition;
  private final String region;
  private final String account;
  private final String resourceType;
  private final String resourceId;

  private KmsArn(
      String partition, String region, String account, String resourceType, String resourceId) {
    this.partition = partition;
    this.region = region;
    this.account = account;
    this.resourceType = resourceType;
    this.resourceId = resourceId;
  }

  /**
   * Parses an AWS KMS ARN.
   *
   * @throws IllegalArgumentException naming the rule the text breaks
   * @throws NullPointerException if {@code arn} is null
   */
  public static KmsArn parse(String arn) {
    Objects.requireNonNull(arn, "arn");
    String[] parts = arn.split(":", 6);
    if (parts.length != 6) {
      throw invalid(arn, "it has " + (parts.length - 1) + " ':' separators, 5 are required");
    }
    if (!parts[0].equals("arn")) {
      throw invalid(arn, "it does not start with 'arn:'");
    }
    requirePart(arn, parts[1], "partition");
    if (!parts[2].equals("kms")) {
      throw invalid(arn, "service '" + parts[2] + "' is not 'kms'");
    }
    requirePart(arn, parts[3], "Region");
    requirePart(arn, parts[4], "account");

    String resource = parts[5];
    int slash = resource.indexOf('/');
    if (slash < 0) {
      throw invalid(arn, "resource '" + resource + "' has no '/' between type and id");
    }
    String type = resource.substring(0, slash);
    String id = resource.substring(slash + 1);
    if (!type.equals(KEY) && !type.equals(ALIAS)) {
      throw invalid(arn, "resource type '" + type + "' is neither 'key' nor 'alias'");
    }
    requirePart(arn, id, "resource id");
    return new KmsArn(parts[1], parts[3], parts[4], type, id);
  }

  /**
   * Returns whether {@code identifier} is a valid AWS KMS identifier: an ARN accepted by {@link
   * #parse}, an alias name ({@code alias/...}) or a bare key id. Never throws.
   */
  public static boolean isValidIdentifier(String identifier) {
    if (identifier == null || identifier.isEmpty()) {
      return false;
    }
    if (identifier.startsWith("arn:")) {
      try {
        parse(identifier);
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    if (identifier.startsWith(ALIAS + "/")) {
      return identifier.length() > ALIAS.length() + 1;
    }
    return identifier.indexOf(':') < 0 && identifier.indexOf('/') < 0;
  }

  /**
   * Returns whether {@code identifier} names a multi-Region key: a key ARN or bare key id starting
   * with {@code mrk-}. Aliases, even ones named {@code mrk-...}, are not.
   *
   * @throws IllegalArgumentException if {@code identifier} starts with {@code arn:} but is not a
   *     valid AWS KMS ARN
   */
  public static boolean isMultiRegionIdentifier(String identifier) {
    Objects.requireNonNull(identifier, "identifier");
    if (identifier.startsWith("arn:")) {
      return parse(identifier).isMultiRegionKey();
    }
    return identifier.startsWith(MRK_PREFIX);
  }

  /** The partition, such as {@code aws} or {@code aws-cn}. */
  public String partition() {
    return partition;
  }

  /** The Region, such as {@code us-east-1}. */
  public String region() {
    return region;
  }

  /** The account id. */
  public String account() {
    return account;
  }

  /** {@link #KEY} or {@link #ALIAS}. */
  public String resourceType() {
    return resourceType;
  }

  /** The key id or alias name after the first {@code /} of the resource part. */
  public String resourceId() {
    return resourceId;
  }

  /** Whether this is a key ARN (not an alias ARN). */
  public boolean isKey() {
    return resourceType.equals(KEY);
  }

  /** Whether this is a multi-Region key ARN: a key whose id starts with {@code mrk-}. */
  public boolean isMultiRegionKey() {
    return isKey() && resourceId.startsWith(MRK_PREFIX);
  }

  /** This ARN with its Region replaced; every other part is kept. */
  public KmsArn withRegion(String newRegion) {
    Objects.requireNonNull(newRegion, "newRegion");
    if (newRegion.isEmpty() || newRegion.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "Region '" + newRegion + "' is not valid in a KMS ARN; use a name like us-west-2");
    }
    return new KmsArn(partition, newRegion, account, resourceType, resourceId);
  }

  /**
   * The ESDK's "MRK match for decrypt": identical identifiers match; otherwise both must be
   * multi-Region key ARNs equal in every part but the Region. Bare {@code mrk-} ids match only
   * themselves, since their account and partition are unknown.
   *
   * @throws IllegalArgumentException if either starts with {@code arn:} but is not a valid ARN
   */
  static boolean mrkMatch(String configured, String stored) {
    if (configured.equals(stored)) {
      return true;
    }
    if (!isMultiRegionIdentifier(configured) || !isMultiRegionIdentifier(stored)) {
      return false;
    }
    if (!configured.startsWith("arn:") || !stored.startsWith("arn:")) {
      return false;
    }
    return parse(configured).equalsIgnoringRegion(parse(stored));
  }

  /** Whether both ARNs name the same key ignoring the Region: all other parts equal. */
  boolean equalsIgnoringRegion(KmsArn other) {
    return partition.equals(other.partition)
        && account.equals(other.account)
        && resourceType.equals(other.resourceType)
        && resourceId.equals(other.resourceId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KmsArn other && equalsIgnoringRegion(other) && region.equals(other.region);
  }

  @Override
  public int hashCode() {
    return Objects.hash(partition, region, account, resourceType, resourceId);
  }

  /** The ARN text, {@code arn:partition:kms:region:account:type/id}. */
  @Override
  public String toString() {
    return "arn:"
        + partition
        + ":kms:"
        + region
        + ":"
        + account
        + ":"
        + resourceType
        + "/"
        + resourceId;
  }

  private static void requirePart(String arn, String value, String name) {
    if (value.isEmpty()) {
      throw invalid(arn, "its " + name + " is empty");
    }
  }

  private static IllegalArgumentException invalid(String arn, String why) {
    return new IllegalArgumentException(
        "'"
            + arn
            + "' is not a valid AWS KMS ARN: "
            + why
            + "; expected arn:<partition>:kms:<region>:<account>:key/<id> or .../alias/<name>");
  }
}
