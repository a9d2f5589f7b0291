package io.kubeloop.core.record;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.api.Unknown;
import java.util.Map;

/**
 * Java counterpart of {@code v1.ObjectReference}: which object an {@link Event} is about
 * ({@code involvedObject}). {@code kubectl describe} finds an object's events by kind, namespace, name and uid.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ObjectReference(
    String kind,
    String namespace,
    String name,
    String uid,
    String apiVersion,
    String resourceVersion,
    String fieldPath,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {

  @JsonCreator
  public ObjectReference {
    unknown = Unknown.freeze(unknown);
  }

  /** A reference to {@code object} (client-go's {@code reference.GetReference}). */
  public static ObjectReference to(KubernetesObject object) {
    ObjectMeta m = object.metadata();
    return new ObjectReference(object.kind(), m.namespace(), m.name(), m.uid(), object.apiVersion(),
        m.resourceVersion(), null, null);
  }

  @Override
  public String toString() {
    return kind + " " + (namespace == null ? "" : namespace + "/") + name;
  }
}
