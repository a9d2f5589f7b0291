package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.testing.apiserver.ResourceType.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CustomResourceDefinition rules: validation, defaults, the status the naming and establishing controllers would
 * set, and the served resources a CRD defines. Java counterpart of apiextensions-apiserver
 * {@code pkg/apis/apiextensions/validation/validation.go}, {@code pkg/controller/status/naming_controller.go} and
 * {@code pkg/controller/establish/establishing_controller.go}; the controllers' work is done synchronously when
 * the CRD is written, so a CRD is Established when its create returns.
 *
 * <p>Not modelled: name conflicts between CRDs ({@code NamesAccepted=False}), conversion webhooks.
 */
final class Crds {
  static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

  private Crds() {}

  /** Fills defaults and validates; returns the violations (empty when valid). */
  static List<FieldError> prepare(ObjectNode crd) {
    List<FieldError> errors = new ArrayList<>();
    JsonNode specNode = crd.get("spec");
    if (!(specNode instanceof ObjectNode spec)) {
      errors.add(FieldError.required("spec", ""));
      return errors;
    }
    String group = spec.path("group").asText("");
    ObjectNode names = spec.path("names").isObject() ? (ObjectNode) spec.get("names") : spec.putObject("names");
    String plural = names.path("plural").asText("");
    String kind = names.path("kind").asText("");
    if (group.isEmpty()) {
      errors.add(FieldError.required("spec.group", ""));
    } else if (!group.contains(".")) {
      errors.add(FieldError.invalid("spec.group", group, "should be a domain with at least one dot"));
    }
    if (plural.isEmpty()) {
      errors.add(FieldError.required("spec.names.plural", ""));
    } else if (!plural.equals(plural.toLowerCase(Locale.ROOT))) {
      errors.add(FieldError.invalid("spec.names.plural", plural,
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'"));
    }
    if (kind.isEmpty()) {
      errors.add(FieldError.required("spec.names.kind", ""));
    }
    String expected = plural + "." + group;
    if (!Json.name(crd).equals(expected)) {
      errors.add(FieldError.invalid("metadata.name", Json.name(crd),
          "must be spec.names.plural+\".\"+spec.group"));
    }
    String scope = spec.path("scope").asText("");
    if (!scope.equals("Namespaced") && !scope.equals("Cluster")) {
      errors.add(FieldError.notSupported("spec.scope", scope, List.of("Cluster", "Namespaced")));
    }
    if (!kind.isEmpty()) {
      if (!names.hasNonNull("singular")) {
        names.put("singular", kind.toLowerCase(Locale.ROOT));
      }
      if (!names.hasNonNull("listKind")) {
        names.put("listKind", kind + "List");
      }
    }
    if (!spec.has("conversion")) {
      spec.putObject("conversion").put("strategy", "None");
    }
    JsonNode versions = spec.path("versions");
    if (!versions.isArray() || versions.isEmpty()) {
      errors.add(FieldError.invalid("spec.versions", FieldError.OMIT_VALUE, "must have exactly one version marked as storage version"));
      return errors;
    }
    int storage = 0;
    for (int i = 0; i < versions.size(); i++) {
      JsonNode v = versions.get(i);
      if (v.path("storage").asBoolean(false)) {
        storage++;
      }
      if (v.path("name").asText("").isEmpty()) {
        errors.add(FieldError.required("spec.versions[" + i + "].name", ""));
      }
      JsonNode schema = v.path("schema").path("openAPIV3Schema");
      if (!schema.isObject()) {
        errors.add(FieldError.required("spec.versions[" + i + "].schema.openAPIV3Schema", "schemas are required"));
      } else if (!schema.path("type").asText("").equals("object")) {
        errors.add(FieldError.invalid("spec.versions[" + i + "].schema.openAPIV3Schema.type",
            schema.path("type"), "must be object at the root"));
      }
    }
    if (storage != 1) {
      errors.add(FieldError.invalid("spec.versions", FieldError.OMIT_VALUE,
          "must have exactly one version marked as storage version"));
    }
    return errors;
  }

  /** The status the naming and establishing controllers set, with condition times {@code now}. */
  static void setEstablished(ObjectNode crd, String now) {
    JsonNode spec = crd.path("spec");
    ObjectNode status = crd.putObject("status");
    ObjectNode accepted = status.putObject("acceptedNames");
    JsonNode names = spec.path("names");
    for (String f : List.of("plural", "singular", "kind", "listKind")) {
      if (names.hasNonNull(f)) {
        accepted.put(f, names.get(f).asText());
      }
    }
    for (String f : List.of("shortNames", "categories")) {
      if (names.path(f).isArray()) {
        accepted.set(f, names.get(f).deepCopy());
      }
    }
    ArrayNode conditions = status.putArray("conditions");
    conditions.addObject().put("type", "NamesAccepted").put("status", "True").put("lastTransitionTime", now)
        .put("reason", "NoConflicts").put("message", "no conflicts found");
    conditions.addObject().put("type", "Established").put("status", "True").put("lastTransitionTime", now)
        .put("reason", "InitialNamesAccepted").put("message", "the initial names have been accepted");
    ArrayNode stored = status.putArray("storedVersions");
    for (JsonNode v : spec.path("versions")) {
      if (v.path("storage").asBoolean(false)) {
        stored.add(v.path("name").asText());
      }
    }
  }

  /** After a CRD update: {@code acceptedNames} follow {@code spec.names}, the storage version is recorded. */
  static void refreshAcceptedNames(ObjectNode crd) {
    if (!crd.path("status").isObject()) {
      return;
    }
    ObjectNode status = (ObjectNode) crd.get("status");
    ObjectNode accepted = status.putObject("acceptedNames");
    JsonNode names = crd.path("spec").path("names");
    for (String f : List.of("plural", "singular", "kind", "listKind")) {
      if (names.hasNonNull(f)) {
        accepted.put(f, names.get(f).asText());
      }
    }
    for (String f : List.of("shortNames", "categories")) {
      if (names.path(f).isArray()) {
        accepted.set(f, names.get(f).deepCopy());
      }
    }
    ArrayNode stored = status.path("storedVersions").isArray() ? (ArrayNode) status.get("storedVersions")
        : status.putArray("storedVersions");
    for (JsonNode v : crd.path("spec").path("versions")) {
      String name = v.path("name").asText();
      boolean known = false;
      for (JsonNode s : stored) {
        known |= s.asText().equals(name);
      }
      if (v.path("storage").asBoolean(false) && !known) {
        stored.add(name);
      }
    }
  }

  /** Sets (or replaces) the {@code Terminating} condition. */
  static void setTerminating(ObjectNode crd, boolean terminating, String now) {
    ObjectNode status = crd.path("status").isObject() ? (ObjectNode) crd.get("status") : crd.putObject("status");
    ArrayNode conditions = status.path("conditions").isArray() ? (ArrayNode) status.get("conditions")
        : status.putArray("conditions");
    for (int i = conditions.size() - 1; i >= 0; i--) {
      if (conditions.get(i).path("type").asText().equals("Terminating")) {
        conditions.remove(i);
      }
    }
    conditions.addObject().put("type", "Terminating").put("status", terminating ? "True" : "False")
        .put("lastTransitionTime", now)
        .put("reason", terminating ? "InstanceDeletionInProgress" : "InstanceDeletionCompleted")
        .put("message", terminating ? "CustomResource deletion is in progress" : "removed all instances");
  }

  /** The resources a stored CRD serves: one per {@code served} version, in version-priority order. */
  static List<ResourceType> resourceTypes(JsonNode crd) {
    List<ResourceType> out = new ArrayList<>();
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    String group = spec.path("group").asText();
    boolean namespaced = spec.path("scope").asText().equals("Namespaced");
    for (JsonNode v : spec.path("versions")) {
      if (!v.path("served").asBoolean(false)) {
        continue;
      }
      List<String> selectable = new ArrayList<>();
      for (JsonNode f : v.path("selectableFields")) {
        String path = f.path("jsonPath").asText("");
        selectable.add(path.startsWith(".") ? path.substring(1) : path);
      }
      JsonNode columns = v.path("additionalPrinterColumns");
      out.add(new ResourceType(group, v.path("name").asText(), names.path("plural").asText(),
          names.path("singular").asText(), names.path("kind").asText(), names.path("listKind").asText(),
          namespaced, strings(names.path("shortNames")), strings(names.path("categories")),
          v.path("subresources").has("status"), Strategy.CUSTOM, v.path("schema").path("openAPIV3Schema"),
          columns.isArray() ? columns : null, selectable, Json.name(crd)));
    }
    out.sort((a, b) -> Registry.compareVersions(a.version(), b.version()));
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(n.asText());
    }
    return out;
  }
}
