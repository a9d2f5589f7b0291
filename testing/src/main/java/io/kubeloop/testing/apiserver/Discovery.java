package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * {@code /version}, legacy discovery ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/<g>[/<v>]}) and
 * aggregated discovery v2, chosen by the Accept header as the real server does. Java counterpart of the
 * kube-apiserver discovery handlers (k8s.io/apiserver pkg/endpoints/discovery, discovery/aggregated).
 */
final class Discovery {
  static final String AGGREGATED_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

  private final Registry registry;

  Discovery(Registry registry) {
    this.registry = registry;
  }

  static ObjectNode version() {
    ObjectNode v = Json.object();
    v.put("major", "1").put("minor", "32").put("gitVersion", "v1.32.4")
        .put("gitCommit", "0000000000000000000000000000000000000000").put("gitTreeState", "clean")
        .put("buildDate", "2025-04-22T00:00:00Z").put("goVersion", "go1.23.6").put("compiler", "gc")
        .put("platform", "linux/amd64");
    return v;
  }

  static boolean wantsAggregated(ApiRequest request) {
    return request.accepts(Map.of("g", "apidiscovery.k8s.io", "v", "v2", "as", "APIGroupDiscoveryList"));
  }

  ObjectNode legacyApi(String serverAddress) {
    ObjectNode body = Json.object();
    body.put("kind", "APIVersions");
    body.putArray("versions").add("v1");
    body.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", serverAddress);
    return body;
  }

  ObjectNode legacyApis() {
    ObjectNode body = Json.object();
    body.put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = body.putArray("groups");
    registry.groups().forEach((group, versions) -> {
      if (!group.isEmpty()) {
        groups.add(group(group, versions));
      }
    });
    return body;
  }

  /** {@code /apis/<group>}, or {@code null} if not served. */
  ObjectNode legacyGroup(String group) {
    List<String> versions = registry.groups().get(group);
    if (versions == null || group.isEmpty()) {
      return null;
    }
    ObjectNode g = group(group, versions);
    g.put("kind", "APIGroup").put("apiVersion", "v1");
    return g;
  }

  private static ObjectNode group(String group, List<String> versions) {
    ObjectNode g = Json.object();
    g.put("name", group);
    ArrayNode vs = g.putArray("versions");
    for (String v : versions) {
      vs.addObject().put("groupVersion", group + "/" + v).put("version", v);
    }
    g.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0)).put("version",
        versions.get(0));
    return g;
  }

  /** {@code /api/v1} or {@code /apis/<g>/<v>}, or {@code null} if not served. */
  ObjectNode resourceList(String group, String version) {
    List<ResourceType> types = registry.resources(group, version);
    if (types.isEmpty()) {
      return null;
    }
    ObjectNode body = Json.object();
    body.put("kind", "APIResourceList").put("apiVersion", "v1")
        .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = body.putArray("resources");
    for (ResourceType t : types) {
      ObjectNode r = resources.addObject();
      r.put("name", t.plural()).put("singularName", t.singular()).put("namespaced", t.namespaced())
          .put("kind", t.kind());
      strings(r.putArray("verbs"), t.verbs());
      if (!t.shortNames().isEmpty()) {
        strings(r.putArray("shortNames"), t.shortNames());
      }
      if (!t.categories().isEmpty()) {
        strings(r.putArray("categories"), t.categories());
      }
      if (t.statusSubresource()) {
        ObjectNode s = resources.addObject();
        s.put("name", t.plural() + "/status").put("singularName", "").put("namespaced", t.namespaced())
            .put("kind", t.kind());
        strings(s.putArray("verbs"), List.of("get", "patch", "update"));
      }
    }
    return body;
  }

  /** Aggregated discovery for the core group ({@code core=true}, {@code /api}) or all named groups. */
  ObjectNode aggregated(boolean core) {
    ObjectNode body = Json.object();
    body.put("kind", "APIGroupDiscoveryList").put("apiVersion", "apidiscovery.k8s.io/v2");
    body.putObject("metadata");
    ArrayNode items = body.putArray("items");
    registry.groups().forEach((group, versions) -> {
      if (group.isEmpty() != core) {
        return;
      }
      ObjectNode item = items.addObject();
      ObjectNode meta = item.putObject("metadata");
      if (!group.isEmpty()) {
        meta.put("name", group);
      }
      meta.putNull("creationTimestamp");
      ArrayNode vs = item.putArray("versions");
      for (String v : versions) {
        ObjectNode ver = vs.addObject();
        ver.put("version", v);
        ArrayNode resources = ver.putArray("resources");
        for (ResourceType t : registry.resources(group, v)) {
          ObjectNode r = resources.addObject();
          r.put("resource", t.plural());
          responseKind(r.putObject("responseKind"), t);
          r.put("scope", t.namespaced() ? "Namespaced" : "Cluster").put("singularResource", t.singular());
          strings(r.putArray("verbs"), t.verbs());
          if (!t.shortNames().isEmpty()) {
            strings(r.putArray("shortNames"), t.shortNames());
          }
          if (!t.categories().isEmpty()) {
            strings(r.putArray("categories"), t.categories());
          }
          if (t.statusSubresource()) {
            ObjectNode s = r.putArray("subresources").addObject();
            s.put("subresource", "status");
            responseKind(s.putObject("responseKind"), t);
            strings(s.putArray("verbs"), List.of("get", "patch", "update"));
          }
        }
        ver.put("freshness", "Current");
      }
    });
    return body;
  }

  private static void responseKind(ObjectNode rk, ResourceType t) {
    rk.put("group", t.group()).put("version", t.version()).put("kind", t.kind());
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
