package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One served resource of one group-version: what discovery lists and what the generic store needs to know about
 * its strategy. Java counterpart of an {@code APIResource} plus the {@code RESTCreateUpdateStrategy} flags of the
 * kube-apiserver registry (k8s.io/apiserver pkg/registry/rest/create.go, update.go).
 *
 * @param strategy how create, update and generation behave for this kind
 * @param schema the CRD version's {@code openAPIV3Schema}, or {@code null} for built-ins (not validated)
 * @param printerColumns the CRD version's {@code additionalPrinterColumns}, or {@code null}
 * @param selectableFields extra field-selector paths (CRD {@code selectableFields} or built-in ones), without a
 *     leading dot
 * @param crdName name of the defining CustomResourceDefinition, or {@code null} for built-ins
 */
record ResourceType(String group, String version, String plural, String singular, String kind, String listKind,
    boolean namespaced, List<String> shortNames, List<String> categories, boolean statusSubresource,
    Strategy strategy, JsonNode schema, JsonNode printerColumns, List<String> selectableFields, String crdName) {

  /** Registry strategies; they differ in the flags below. */
  enum Strategy {
    /** ConfigMap, Secret, Namespace, Pod, Service, ServiceAccount: unconditional update, no generation. */
    PLAIN,
    /** Event: as {@link #PLAIN} plus create on update. */
    EVENT,
    /** Lease: resourceVersion required on update, create on update, MicroTime checks. */
    LEASE,
    /** CustomResourceDefinition objects themselves. */
    CRD,
    /** Objects of a CRD-defined resource. */
    CUSTOM
  }

  ResourceType {
    Objects.requireNonNull(plural, "plural");
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    selectableFields = List.copyOf(selectableFields);
  }

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code plural} for the core group, else {@code plural.group}, as in apimachinery's error messages. */
  String qualifiedResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** Kind qualified the same way ({@code Lease.coordination.k8s.io}), used by 422 messages. */
  String qualifiedKind() {
    return group.isEmpty() ? kind : kind + "." + group;
  }

  /** Storage is shared by every version of one group and resource. */
  String storageKey() {
    return group + "/" + plural;
  }

  boolean maintainsGeneration() {
    return strategy == Strategy.CUSTOM || strategy == Strategy.CRD;
  }

  boolean requiresResourceVersionOnUpdate() {
    return strategy == Strategy.LEASE || strategy == Strategy.CRD || strategy == Strategy.CUSTOM;
  }

  boolean createsOnUpdate() {
    return strategy == Strategy.LEASE || strategy == Strategy.EVENT;
  }

  /** Strategic merge patch exists only for compiled-in kinds. */
  boolean acceptsStrategicMerge() {
    return strategy != Strategy.CUSTOM;
  }

  /** Kinds whose DELETE answers with the deleted object instead of a Success Status. */
  boolean deleteReturnsObject() {
    return group.isEmpty()
        && (plural.equals("pods") || plural.equals("services") || plural.equals("serviceaccounts")
            || plural.equals("namespaces"));
  }

  List<String> verbs() {
    return namespaced || !plural.equals("namespaces")
        ? List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
        : List.of("create", "delete", "get", "list", "patch", "update", "watch");
  }

  /** This resource as served in another version of the same CRD. */
  ResourceType withVersion(String otherVersion, JsonNode otherSchema, JsonNode otherColumns,
      List<String> otherSelectable, boolean otherStatus) {
    return new ResourceType(group, otherVersion, plural, singular, kind, listKind, namespaced, shortNames,
        categories, otherStatus, strategy, otherSchema, otherColumns, otherSelectable, crdName);
  }

  @Override
  public String toString() {
    return qualifiedResource() + "/" + version;
  }
}
