package io.kubeloop.examples.vm.backend;

/**
 * The backend could not do what was asked (a cloud API error, a timeout, an injected failure). The reconciler
 * records the message as the VM's {@code status.reason} and retries with rate limiting.
 */
public final class BackendException extends Exception {
  private static final long serialVersionUID = 1L;

  public BackendException(String message) {
    super(message);
  }
}
