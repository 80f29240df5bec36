package io.meshward.controlplane.xds;

import io.envoyproxy.controlplane.cache.Resources;

/** Short names of xDS resource types for people: LDS, RDS, CDS, EDS, SDS. */
final class XdsTypes {
  private XdsTypes() {}

  static String shortName(String typeUrl) {
    if (Resources.V3.LISTENER_TYPE_URL.equals(typeUrl)) {
      return "LDS";
    }
    if (Resources.V3.ROUTE_TYPE_URL.equals(typeUrl)) {
      return "RDS";
    }
    if (Resources.V3.CLUSTER_TYPE_URL.equals(typeUrl)) {
      return "CDS";
    }
    if (Resources.V3.ENDPOINT_TYPE_URL.equals(typeUrl)) {
      return "EDS";
    }
    if (Resources.V3.SECRET_TYPE_URL.equals(typeUrl)) {
      return "SDS";
    }
    return typeUrl.isEmpty() ? "?" : typeUrl.substring(typeUrl.lastIndexOf('.') + 1);
  }
}
