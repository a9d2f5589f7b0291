package io.kubeloop.examples.vm.backend;

import io.kubeloop.examples.vm.Quantity;
import java.time.Instant;
import java.util.Objects;

/**
 * A server as the backend sees it: an immutable snapshot.
 *
 * @param id the backend's id, such as {@code srv-000001}
 * @param vmUid the uid of the VirtualMachine it was created for: the idempotency key
 * @param vmName {@code namespace/name} of that VM, for people reading logs
 * @param state {@link #CREATING} until provisioning finishes, then {@link #RUNNING}
 * @param usedCpu current cpu usage (cores); only meaningful while running
 * @param usedMemory current memory usage (bytes)
 */
public record Server(String id, String vmUid, String vmName, String state, Quantity cpu, Quantity memory,
    Quantity rootDisk, Quantity usedCpu, Quantity usedMemory, Instant createdAt) {
  public static final String CREATING = "Creating";
  public static final String RUNNING = "Running";

  public Server {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(vmUid, "vmUid");
    Objects.requireNonNull(state, "state");
  }

  public boolean isRunning() {
    return RUNNING.equals(state);
  }
}
