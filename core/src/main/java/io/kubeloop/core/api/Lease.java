package io.kubeloop.core.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Java counterpart of {@code coordination.k8s.io/v1} {@code Lease}: the object leader election writes.
 * Unknown fields, at the top and in {@link LeaseSpec}, are kept and written back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lease(
    String apiVersion,
    String kind,
    ObjectMeta metadata,
    LeaseSpec spec,
    @JsonAnySetter @JsonAnyGetter @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, Object> unknown) implements KubernetesObject {

  /** {@code leases.coordination.k8s.io}, namespaced. */
  public static final ResourceType<Lease> TYPE =
      ResourceType.of("coordination.k8s.io", "v1", "leases", "Lease", true, Lease.class);

  @JsonCreator
  public Lease {
    apiVersion = apiVersion == null ? TYPE.apiVersion() : apiVersion;
    kind = kind == null ? TYPE.kind() : kind;
    metadata = metadata == null ? ObjectMeta.of(null, null) : metadata;
    unknown = Unknown.freeze(unknown);
  }

  public static Lease of(ObjectMeta metadata, LeaseSpec spec) {
    return new Lease(null, null, metadata, spec, null);
  }

  public Lease withMetadata(ObjectMeta value) {
    return new Lease(apiVersion, kind, value, spec, unknown);
  }

  public Lease withSpec(LeaseSpec value) {
    return new Lease(apiVersion, kind, metadata, value, unknown);
  }
}
