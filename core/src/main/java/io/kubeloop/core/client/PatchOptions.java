package io.kubeloop.core.client;

/**
 * Java counterpart of {@code metav1.PatchOptions}.
 *
 * @param force for {@link PatchType#APPLY_PATCH}: take fields other managers own instead of failing with 409
 */
public record PatchOptions(boolean dryRun, String fieldManager, Boolean force, String fieldValidation) {
  private static final PatchOptions DEFAULTS = new PatchOptions(false, null, null, null);

  public static PatchOptions defaults() {
    return DEFAULTS;
  }

  /** What server-side apply needs: a field manager, and whether to force. */
  public static PatchOptions apply(String fieldManager, boolean force) {
    return new PatchOptions(false, fieldManager, force, null);
  }

  public PatchOptions withDryRun(boolean value) {
    return new PatchOptions(value, fieldManager, force, fieldValidation);
  }

  public PatchOptions withFieldManager(String value) {
    return new PatchOptions(dryRun, value, force, fieldValidation);
  }

  public PatchOptions withForce(boolean value) {
    return new PatchOptions(dryRun, fieldManager, value, fieldValidation);
  }

  public PatchOptions withFieldValidation(String value) {
    return new PatchOptions(dryRun, fieldManager, force, value);
  }
}
