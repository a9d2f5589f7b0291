package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The minimal OpenAPI v3 that kubectl's default {@code --validate=strict} needs: a root listing every served
 * group-version and, per group-version, one PATCH operation per kind that advertises the {@code fieldValidation}
 * query parameter, so kubectl delegates validation to the server. Counterpart of the kube-apiserver's
 * {@code /openapi/v3} handler (k8s.io/kube-openapi pkg/handler3); schemas are deliberately empty, so
 * {@code kubectl explain} does not work. The strategic-merge media type is not advertised, so kubectl computes
 * strategic patches for built-ins from its compiled-in types.
 */
final class OpenApi {
  private final Registry registry;

  OpenApi(Registry registry) {
    this.registry = registry;
  }

  /** Changes whenever the served set changes, so clients that cache by URL refetch. */
  private String hash() {
    return String.format("%016X", 0x5F1C0D3AL * 31 + registry.epoch());
  }

  ObjectNode root() {
    ObjectNode body = Json.object();
    ObjectNode paths = body.putObject("paths");
    registry.groups().forEach((group, versions) -> {
      for (String v : versions) {
        String key = group.isEmpty() ? "api/" + v : "apis/" + group + "/" + v;
        paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash());
      }
    });
    return body;
  }

  /** The document of {@code api/v1} or {@code apis/<g>/<v>}, or {@code null} if not served. */
  ObjectNode groupVersion(String group, String version) {
    List<ResourceType> types = registry.resources(group, version);
    if (types.isEmpty()) {
      return null;
    }
    ObjectNode doc = Json.object();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.4");
    ObjectNode paths = doc.putObject("paths");
    String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    for (ResourceType t : types) {
      String path = prefix + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural() + "/{name}";
      ObjectNode patch = paths.putObject(path).putObject("patch");
      patch.put("operationId", "patch" + t.kind());
      patch.put("x-kubernetes-action", "patch");
      patch.putObject("x-kubernetes-group-version-kind").put("group", t.group()).put("version", t.version())
          .put("kind", t.kind());
      ArrayNode params = patch.putArray("parameters");
      for (String p : List.of("fieldValidation", "fieldManager", "dryRun")) {
        params.addObject().put("name", p).put("in", "query").putObject("schema").put("type", "string")
            .put("uniqueItems", true);
      }
      ObjectNode content = patch.putObject("requestBody").putObject("content");
      for (String mt : List.of(Patching.JSON_PATCH, Patching.MERGE_PATCH, Patching.APPLY)) {
        content.putObject(mt);
      }
      patch.putObject("responses").putObject("200").put("description", "OK");
    }
    doc.putObject("components").putObject("schemas");
    return doc;
  }
}
