package io.kubeloop.examples.vm;

import com.fasterxml.jackson.annotation.JsonCreator;

/** {@code status.phase} of a {@link VirtualMachine}: where it is in its life, as {@code kubectl get vm} shows it. */
public enum VmPhase {
  /** The finalizer is on and the server is being created. */
  Creating,
  /** The server runs; usage is refreshed on every resync. */
  Active,
  /** The backend failed; {@code status.reason} says why, and the controller retries with backoff. */
  Failed,
  /** Deletion was requested; the server is being deleted, then the finalizer comes off. */
  Terminating,
  /** The controller cannot tell (a value it does not know, written by someone else). */
  Unknown;

  /** Any text the controller does not know reads as {@link #Unknown}, never as an error. */
  @JsonCreator
  public static VmPhase of(String text) {
    for (VmPhase p : values()) {
      if (p.name().equals(text)) {
        return p;
      }
    }
    return Unknown;
  }
}
