package io.kubeloop.testing.apiserver;

import java.util.Locale;

/**
 * Query options of a write: {@code dryRun}, {@code fieldValidation}, {@code fieldManager}, {@code force}.
 * Counterpart of the option fields of {@code metav1.CreateOptions}/{@code UpdateOptions}/{@code PatchOptions}.
 *
 * @param fieldValidation {@code Ignore}, {@code Warn} (the default when absent) or {@code Strict}
 */
record WriteOptions(boolean dryRun, String fieldValidation, String fieldManager, boolean force) {

  static WriteOptions from(ApiRequest request) {
    String dryRun = request.param("dryRun");
    if (!dryRun.isEmpty() && !dryRun.equals("All")) {
      throw ApiError.badRequest("Invalid dry run value \"" + dryRun + "\": valid values are \"All\"");
    }
    String validation = request.param("fieldValidation");
    String normalised = switch (validation.toLowerCase(Locale.ROOT)) {
      case "" -> "Warn";
      case "ignore" -> "Ignore";
      case "warn" -> "Warn";
      case "strict" -> "Strict";
      default -> throw ApiError.badRequest("fieldValidation: Unsupported value: \"" + validation
          + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
    };
    return new WriteOptions(!dryRun.isEmpty(), normalised, request.param("fieldManager"), request.flag("force"));
  }

  static WriteOptions defaults() {
    return new WriteOptions(false, "Warn", "", false);
  }
}
