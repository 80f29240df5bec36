package io.meshward.controlplane.xds;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.server.serializer.ProtoResourcesSerializer;
import io.envoyproxy.controlplane.cache.Resources.ApiVersion;

/**
 * Packs each resource into an {@link Any} once, however many nodes it is sent to. Nodes of one workload share the
 * same resource instances (see {@link SnapshotPublisher}), so the cache is keyed by identity and forgets a resource
 * when no snapshot holds it any more.
 */
final class SharedResourceSerializer implements ProtoResourcesSerializer {
  private final Cache<Message, Any> packed = Caffeine.newBuilder().weakKeys().build();

  @Override
  public Any serialize(Message resource, ApiVersion apiVersion) {
    return packed.get(resource, Any::pack);
  }
}
