package io.kubeloop.core.client;

/**
 * Java counterpart of {@code metav1.CreateOptions} / {@code UpdateOptions}: query parameters of a write.
 *
 * @param dryRun validate and answer as if written, but store nothing ({@code dryRun=All})
 * @param fieldManager the manager name recorded in managedFields; null for the server's default
 * @param fieldValidation {@code Ignore}, {@code Warn} or {@code Strict}; null for the server's default (Warn)
 */
public record WriteOptions(boolean dryRun, String fieldManager, String fieldValidation) {
  private static final WriteOptions DEFAULTS = new WriteOptions(false, null, null);

  public static WriteOptions defaults() {
    return DEFAULTS;
  }

  public WriteOptions withDryRun(boolean value) {
    return new WriteOptions(value, fieldManager, fieldValidation);
  }

  public WriteOptions withFieldManager(String value) {
    return new WriteOptions(dryRun, value, fieldValidation);
  }

  public WriteOptions withFieldValidation(String value) {
    return new WriteOptions(dryRun, fieldManager, value);
  }
}
