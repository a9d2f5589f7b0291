package io.kubeloop.examples.vm;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.api.Unknown;
import java.util.Map;

/**
 * A {@code VirtualMachine} of {@code cloudnative.czs/v1alpha1} ({@code kubectl get vm}): the custom resource of
 * the VM controller, in the role sample-controller's {@code Foo} plays. Defined by
 * {@code examples/deploy/crd.yaml}.
 *
 * <p>Immutable, and every level keeps the fields it does not model in {@code unknown}, so the controller's
 * updates never drop what a newer CRD version or another tool wrote.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VirtualMachine(
    String apiVersion,
    String kind,
    ObjectMeta metadata,
    VirtualMachineSpec spec,
    VirtualMachineStatus status,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) implements KubernetesObject {

  /** {@code virtualmachines.cloudnative.czs}, namespaced, short name {@code vm}. */
  public static final ResourceType<VirtualMachine> TYPE = ResourceType.of(
      "cloudnative.czs", "v1alpha1", "virtualmachines", "VirtualMachine", true, VirtualMachine.class);

  /** The finalizer that keeps a VM until its server is gone. */
  public static final String FINALIZER = "cloudnative.czs/server";

  @JsonCreator
  public VirtualMachine {
    apiVersion = apiVersion == null ? TYPE.apiVersion() : apiVersion;
    kind = kind == null ? TYPE.kind() : kind;
    metadata = metadata == null ? ObjectMeta.of(null, null) : metadata;
    unknown = Unknown.freeze(unknown);
  }

  public static VirtualMachine of(ObjectMeta metadata, VirtualMachineSpec spec) {
    return new VirtualMachine(null, null, metadata, spec, null, null);
  }

  public VirtualMachine withMetadata(ObjectMeta value) {
    return new VirtualMachine(apiVersion, kind, value, spec, status, unknown);
  }

  public VirtualMachine withSpec(VirtualMachineSpec value) {
    return new VirtualMachine(apiVersion, kind, metadata, value, status, unknown);
  }

  public VirtualMachine withStatus(VirtualMachineStatus value) {
    return new VirtualMachine(apiVersion, kind, metadata, spec, value, unknown);
  }
}
