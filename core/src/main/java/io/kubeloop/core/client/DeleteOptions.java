package io.kubeloop.core.client;

/**
 * Java counterpart of {@code metav1.DeleteOptions}.
 *
 * @param preconditionUid delete only if the object still has this uid (not a re-created namesake)
 * @param preconditionResourceVersion delete only if nobody wrote the object since this version (else 409)
 * @param propagationPolicy null for the resource's default
 * @param gracePeriodSeconds null for the resource's default; 0 deletes at once
 */
public record DeleteOptions(
    String preconditionUid,
    String preconditionResourceVersion,
    PropagationPolicy propagationPolicy,
    Long gracePeriodSeconds,
    boolean dryRun) {

  private static final DeleteOptions DEFAULTS = new DeleteOptions(null, null, null, null, false);

  public static DeleteOptions defaults() {
    return DEFAULTS;
  }

  public DeleteOptions withPreconditionUid(String value) {
    return new DeleteOptions(value, preconditionResourceVersion, propagationPolicy, gracePeriodSeconds, dryRun);
  }

  public DeleteOptions withPreconditionResourceVersion(String value) {
    return new DeleteOptions(preconditionUid, value, propagationPolicy, gracePeriodSeconds, dryRun);
  }

  public DeleteOptions withPropagationPolicy(PropagationPolicy value) {
    return new DeleteOptions(preconditionUid, preconditionResourceVersion, value, gracePeriodSeconds, dryRun);
  }

  public DeleteOptions withGracePeriodSeconds(long value) {
    return new DeleteOptions(preconditionUid, preconditionResourceVersion, propagationPolicy, value, dryRun);
  }

  public DeleteOptions withDryRun(boolean value) {
    return new DeleteOptions(preconditionUid, preconditionResourceVersion, propagationPolicy, gracePeriodSeconds, value);
  }
}
