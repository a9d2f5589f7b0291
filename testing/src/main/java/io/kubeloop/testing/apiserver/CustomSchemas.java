package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Applies a custom resource's structural schema on create and update: defaults, pruning of unknown fields
 * (reported per {@code fieldValidation}), and validation (422). Counterpart of the apiextensions-apiserver
 * custom resource strategy's validation path (pkg/registry/customresource/strategy.go, validator.go).
 */
final class CustomSchemas {
  private CustomSchemas() {}

  /**
   * @param fieldValidation {@code Ignore}, {@code Warn} or {@code Strict}
   * @param warnings receives one text per pruned field under {@code Warn}
   */
  static void apply(ResourceType type, ObjectNode object, String fieldValidation, List<String> warnings) {
    // Interim: filled in once StructuralSchema is available.
  }
}
