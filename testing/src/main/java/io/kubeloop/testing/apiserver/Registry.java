package io.kubeloop.testing.apiserver;

import io.kubeloop.testing.apiserver.ResourceType.Strategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The set of served resources: the compiled-in kinds plus whatever the stored CustomResourceDefinitions define.
 * Java counterpart of the kube-apiserver's discovery manager together with the apiextensions-apiserver's
 * {@code crdHandler} lookup (k8s.io/apiextensions-apiserver pkg/apiserver/customresource_handler.go).
 *
 * <p>Readers see an immutable snapshot; {@link #setCustom} swaps it after every CRD write, so discovery and
 * OpenAPI change synchronously with the write (the real server needs milliseconds). Thread-safe.
 */
final class Registry {
  private static final List<ResourceType> BUILT_INS = List.of(
      builtIn("", "namespaces", "Namespace", false, List.of("ns"), List.of(), true, Strategy.PLAIN,
          List.of("status.phase")),
      builtIn("", "configmaps", "ConfigMap", true, List.of("cm"), List.of(), false, Strategy.PLAIN, List.of()),
      builtIn("", "secrets", "Secret", true, List.of(), List.of(), false, Strategy.PLAIN, List.of("type")),
      builtIn("", "events", "Event", true, List.of("ev"), List.of(), false, Strategy.EVENT,
          List.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
              "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
              "reportingComponent", "source", "type")),
      builtIn("", "serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of(), false, Strategy.PLAIN,
          List.of()),
      builtIn("", "pods", "Pod", true, List.of("po"), List.of("all"), true, Strategy.PLAIN,
          List.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
              "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName")),
      builtIn("", "services", "Service", true, List.of("svc"), List.of("all"), true, Strategy.PLAIN, List.of()),
      builtIn("coordination.k8s.io", "leases", "Lease", true, List.of(), List.of(), false, Strategy.LEASE,
          List.of()),
      // Stored as plain objects, so that manifests a controller ships (its RBAC and Deployment) apply as they
      // would to a cluster: no authorizer reads the RBAC kinds and no controller runs the Deployments.
      builtIn("apps", "deployments", "Deployment", true, List.of("deploy"), List.of("all"), true, Strategy.PLAIN,
          List.of()),
      builtIn("rbac.authorization.k8s.io", "roles", "Role", true, List.of(), List.of(), false, Strategy.PLAIN,
          List.of()),
      builtIn("rbac.authorization.k8s.io", "rolebindings", "RoleBinding", true, List.of(), List.of(), false,
          Strategy.PLAIN, List.of()),
      builtIn("rbac.authorization.k8s.io", "clusterroles", "ClusterRole", false, List.of(), List.of(), false,
          Strategy.PLAIN, List.of()),
      builtIn("rbac.authorization.k8s.io", "clusterrolebindings", "ClusterRoleBinding", false, List.of(), List.of(),
          false, Strategy.PLAIN, List.of()),
      builtIn("apiextensions.k8s.io", "customresourcedefinitions", "CustomResourceDefinition", false,
          List.of("crd", "crds"), List.of("api-extensions"), true, Strategy.CRD, List.of()));

  /** Immutable view: resources by {@code group/version/plural}, in discovery order. */
  private volatile Map<String, ResourceType> served = index(List.of());
  /** Bumped on every change of the served set; part of the OpenAPI hash. */
  private volatile long epoch;

  private static ResourceType builtIn(String group, String plural, String kind, boolean namespaced,
      List<String> shortNames, List<String> categories, boolean status, Strategy strategy,
      List<String> selectable) {
    return new ResourceType(group, "v1", plural, kind.toLowerCase(java.util.Locale.ROOT), kind, kind + "List",
        namespaced, shortNames, categories, status, strategy, null, null, selectable, null);
  }

  private static Map<String, ResourceType> index(List<ResourceType> custom) {
    Map<String, ResourceType> m = new LinkedHashMap<>();
    for (ResourceType t : BUILT_INS) {
      m.put(t.group() + "/" + t.version() + "/" + t.plural(), t);
    }
    for (ResourceType t : custom) {
      m.putIfAbsent(t.group() + "/" + t.version() + "/" + t.plural(), t);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The resource served at this group, version and plural, or {@code null}. */
  ResourceType find(String group, String version, String plural) {
    return served.get(group + "/" + version + "/" + plural);
  }

  /** The resource of a storage key in any served version (the first one), or {@code null}. */
  ResourceType byStorageKey(String storageKey) {
    for (ResourceType t : served.values()) {
      if (t.storageKey().equals(storageKey)) {
        return t;
      }
    }
    return null;
  }

  List<ResourceType> all() {
    return List.copyOf(served.values());
  }

  /** Every group with its versions in preference order; the core group is {@code ""} and comes first. */
  Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (ResourceType t : served.values()) {
      List<String> versions = groups.computeIfAbsent(t.group(), g -> new ArrayList<>());
      if (!versions.contains(t.version())) {
        versions.add(t.version());
      }
    }
    groups.values().forEach(v -> v.sort(Registry::compareVersions));
    return groups;
  }

  List<ResourceType> resources(String group, String version) {
    List<ResourceType> out = new ArrayList<>();
    for (ResourceType t : served.values()) {
      if (t.group().equals(group) && t.version().equals(version)) {
        out.add(t);
      }
    }
    out.sort(Comparator.comparing(ResourceType::plural));
    return out;
  }

  long epoch() {
    return epoch;
  }

  void setCustom(List<ResourceType> custom) {
    served = index(custom);
    epoch++;
  }

  private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

  /**
   * Kubernetes version priority ({@code version.CompareKubeAwareVersionStrings}): GA before beta before alpha,
   * higher numbers first, non-Kubernetes-looking versions last in alphabetical order.
   */
  static int compareVersions(String a, String b) {
    Matcher ma = KUBE_VERSION.matcher(a);
    Matcher mb = KUBE_VERSION.matcher(b);
    boolean ka = ma.matches();
    boolean kb = mb.matches();
    if (!ka || !kb) {
      return ka ? -1 : kb ? 1 : a.compareTo(b);
    }
    int stabilityA = ma.group(2) == null ? 2 : ma.group(2).equals("beta") ? 1 : 0;
    int stabilityB = mb.group(2) == null ? 2 : mb.group(2).equals("beta") ? 1 : 0;
    if (stabilityA != stabilityB) {
      return Integer.compare(stabilityB, stabilityA);
    }
    int major = Long.compare(Long.parseLong(mb.group(1)), Long.parseLong(ma.group(1)));
    if (major != 0 || ma.group(3) == null) {
      return major;
    }
    return Long.compare(Long.parseLong(mb.group(3)), Long.parseLong(ma.group(3)));
  }
}
