package io.kubeloop.examples.vm;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubeloop.core.api.Unknown;
import java.time.Instant;
import java.util.Map;

/**
 * {@code status} of a {@link VirtualMachine}: what the controller observed. Written only through the status
 * subresource.
 *
 * @param reason why the phase is what it is, e.g. the backend's error for {@link VmPhase#Failed}
 * @param server the backend server, once there is one
 * @param lastUpdateTime when the controller last wrote this status
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VirtualMachineStatus(
    VmPhase phase,
    String reason,
    ServerStatus server,
    Instant lastUpdateTime,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {

  @JsonCreator
  public VirtualMachineStatus {
    unknown = Unknown.freeze(unknown);
  }

  public static VirtualMachineStatus of(VmPhase phase, String reason, ServerStatus server, Instant lastUpdateTime) {
    return new VirtualMachineStatus(phase, reason, server, lastUpdateTime, null);
  }

  /** Same phase, reason and server, ignoring {@code lastUpdateTime}: whether a write would change anything. */
  public boolean sameAs(VirtualMachineStatus other) {
    return other != null && phase == other.phase && java.util.Objects.equals(reason, other.reason)
        && java.util.Objects.equals(server, other.server) && unknown.equals(other.unknown);
  }

  public VirtualMachineStatus withPhase(VmPhase value, String why) {
    return new VirtualMachineStatus(value, why, server, lastUpdateTime, unknown);
  }

  public VirtualMachineStatus withServer(ServerStatus value) {
    return new VirtualMachineStatus(phase, reason, value, lastUpdateTime, unknown);
  }

  public VirtualMachineStatus withLastUpdateTime(Instant value) {
    return new VirtualMachineStatus(phase, reason, server, value, unknown);
  }
}
