package io.kubeloop.core.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Java counterpart of {@code metav1.OwnerReference}: names the object that owns this one, so that deleting the
 * owner deletes the dependents (garbage collection). {@code controller} marks the managing controller.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OwnerReference(
    String apiVersion,
    String kind,
    String name,
    String uid,
    Boolean controller,
    Boolean blockOwnerDeletion,
    @JsonAnySetter @JsonAnyGetter @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, Object> unknown) {

  @JsonCreator
  public OwnerReference {
    unknown = Unknown.freeze(unknown);
  }

  /** A controller reference to {@code owner} ({@code metav1.NewControllerRef}). */
  public static OwnerReference controllerOf(KubernetesObject owner) {
    return new OwnerReference(owner.apiVersion(), owner.kind(), owner.metadata().name(), owner.metadata().uid(),
        true, true, null);
  }
}
