/**
 * The keyring SPI and core's keyrings: {@link io.envelope4j.keyring.Keyring} wraps and unwraps data
 * keys; {@link io.envelope4j.keyring.RawAesKeyring} does so with a local AES key, laid out as the
 * ESDK's raw AES keyring; {@link io.envelope4j.keyring.RawRsaKeyring} with a local RSA key pair, as
 * the ESDK's raw RSA keyring; {@link io.envelope4j.keyring.MultiKeyring} combines keyrings. Other
 * modules (KMS) implement {@code Keyring} without touching core internals.
 */
package io.envelope4j.keyring;
