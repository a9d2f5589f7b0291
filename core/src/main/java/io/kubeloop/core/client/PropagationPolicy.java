package io.kubeloop.core.client;

/** Java counterpart of {@code metav1.DeletionPropagation}: what happens to the dependents of a deleted object. */
public enum PropagationPolicy {
  /** Dependents are left alone; their owner references are removed. */
  Orphan,
  /** The object goes at once; the garbage collector deletes dependents afterwards. */
  Background,
  /** The object stays (with a {@code foregroundDeletion} finalizer) until its blocking dependents are gone. */
  Foreground
}
