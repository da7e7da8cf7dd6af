/**
 * The materials-manager SPI, the default manager, the materials and their requests, and {@link
 * io.envelope4j.materials.DataKey}, the one holder of secret data key bytes (reach them only
 * through {@link io.envelope4j.materials.DataKey#revealCopy()}).
 */
package io.envelope4j.materials;
