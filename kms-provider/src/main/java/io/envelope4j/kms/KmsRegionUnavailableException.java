package io.envelope4j.kms;

import io.envelope4j.KeyProviderException;

/** A {@link KmsClientSupplier} has no client for a Region; the message says why. */
public final class KmsRegionUnavailableException extends KeyProviderException {
  private static final long serialVersionUID = 1L;

  private final String region;

  KmsRegionUnavailableException(String region, String why) {
    super("no KMS client for Region '" + region + "': " + why);
    this.region = region;
  }

  /** The Region asked for. */
  public String region() {
    return region;
  }
}
