/**
 * envelope4j cache: a caching materials manager that reuses data keys within hard limits, built on
 * Caffeine. {@link io.envelope4j.cache.CachingMaterialsManager} is the entry point.
 */
module io.envelope4j.cache {
  requires transitive io.envelope4j.core;
  requires com.github.benmanes.caffeine;

  exports io.envelope4j.cache;
}
