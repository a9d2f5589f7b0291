package io.kubeloop.examples.vm.backend;

import java.util.Optional;

/**
 * The infrastructure behind VirtualMachines: where servers are created and deleted. The VM controller's only
 * view of the outside world, in the role of the Deployment API in sample-controller (which creates Deployments
 * for Foos). Implement it for a real cloud; {@link InMemoryVmBackend} is the one the examples run.
 *
 * <p>Contract: {@link #create} is idempotent by {@link ServerRequest#vmUid()}, so a controller that crashed
 * between creating a server and recording it, or a new leader repeating the previous one's work, never makes a
 * second server. Every method may be slow and may fail with {@link BackendException}; implementations are
 * thread-safe.
 */
public interface VmBackend {
  /** The server created for the VM with this uid, if one exists (the idempotency lookup). */
  Optional<Server> exists(String vmUid) throws BackendException, InterruptedException;

  /** Creates the server for {@code request}, or returns the one that already exists for its VM uid. */
  Server create(ServerRequest request) throws BackendException, InterruptedException;

  /** Deletes the server; deleting a server that does not exist succeeds (idempotent). */
  void delete(String serverId) throws BackendException, InterruptedException;

  /** The server's current state and usage; empty when it no longer exists. */
  Optional<Server> status(String serverId) throws BackendException, InterruptedException;
}
