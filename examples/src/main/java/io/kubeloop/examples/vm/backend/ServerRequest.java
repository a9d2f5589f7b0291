package io.kubeloop.examples.vm.backend;

import io.kubeloop.examples.vm.Quantity;
import java.util.Objects;

/**
 * What to create: the VM's identity (its uid makes creation idempotent) and its size.
 *
 * @param vmUid {@code metadata.uid} of the VM; a second create with the same uid returns the first server
 */
public record ServerRequest(String vmUid, String vmName, Quantity cpu, Quantity memory, Quantity rootDisk) {
  public ServerRequest {
    Objects.requireNonNull(vmUid, "vmUid");
    Objects.requireNonNull(vmName, "vmName");
  }
}
