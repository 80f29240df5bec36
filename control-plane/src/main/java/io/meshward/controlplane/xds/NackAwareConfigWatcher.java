package io.meshward.controlplane.xds;

import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keeps java-control-plane's cache from answering a NACK with the snapshot just rejected.
 *
 * <p>{@link AdsStream} already forwards a NACK with the rejected version. That is not enough when the peer never
 * accepted anything of that type (a first config rejected): the cache sees the requested names as "new" and answers
 * at once, whatever the version. For a NACK the names are therefore reported as known, so that only a new version
 * makes the cache answer.
 */
final class NackAwareConfigWatcher implements ConfigWatcher {
  private final ConfigWatcher cache;

  NackAwareConfigWatcher(ConfigWatcher cache) {
    this.cache = cache;
  }

  @Override
  public Watch createWatch(boolean ads, XdsRequest request, Set<String> knownResourceNames,
                           Consumer<Response> responseConsumer, boolean hasClusterChanged,
                           boolean allowDefaultEmptyEdsUpdate) {
    Set<String> known = request.hasErrorDetail()
        ? Set.copyOf(request.getResourceNamesList())
        : knownResourceNames;
    return cache.createWatch(ads, request, known, responseConsumer, hasClusterChanged, allowDefaultEmptyEdsUpdate);
  }

  @Override
  public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
                                     Map<String, String> resourceVersions, Set<String> pendingResources,
                                     boolean isWildcard, Consumer<DeltaResponse> responseConsumer,
                                     boolean hasClusterChanged) {
    return cache.createDeltaWatch(request, requesterVersion, resourceVersions, pendingResources, isWildcard,
        responseConsumer, hasClusterChanged);
  }
}
