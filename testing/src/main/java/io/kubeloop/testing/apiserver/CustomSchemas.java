package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Applies a custom resource's structural schema on create and update, in the real order: prune unknown fields
 * (reported per {@code fieldValidation}), apply defaults, validate (422). Counterpart of the custom resource
 * handler's decoding and validation path (apiextensions-apiserver pkg/apiserver/customresource_handler.go,
 * pkg/registry/customresource/validator.go); the algorithms are in {@link StructuralSchema}.
 */
final class CustomSchemas {
  private CustomSchemas() {}

  /**
   * Rewrites {@code object} in place to its pruned and defaulted form.
   *
   * @param fieldValidation {@code Ignore}, {@code Warn} or {@code Strict}
   * @param warnings receives one {@code unknown field "…"} text per pruned field under {@code Warn}
   * @throws ApiError 400 for unknown fields under {@code Strict}, 422 for schema violations
   */
  static void apply(ResourceType type, ObjectNode object, String fieldValidation, List<String> warnings) {
    JsonNode schemaNode = type.schema();
    if (schemaNode == null || !schemaNode.isObject()) {
      return;
    }
    StructuralSchema schema = StructuralSchema.of(schemaNode);
    StructuralSchema.Pruned pruned = schema.prune(object);
    if (!pruned.removedPaths().isEmpty()) {
      if (fieldValidation.equals("Strict")) {
        throw ApiError.badRequest(StructuralSchema.strictDecodingMessage(type.kind(), type.version(),
            pruned.removedPaths()));
      }
      if (fieldValidation.equals("Warn")) {
        pruned.removedPaths().forEach(p -> warnings.add(StructuralSchema.unknownFieldWarning(p)));
      }
    }
    JsonNode result = schema.applyDefaults(pruned.object());
    List<FieldError> errors = schema.validate(result);
    if (!errors.isEmpty()) {
      throw ApiError.invalid(type, Json.name(object), errors);
    }
    object.removeAll();
    object.setAll((ObjectNode) result);
  }
}
