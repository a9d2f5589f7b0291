package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One column of a {@code meta.k8s.io/v1} Table: apimachinery's {@code metav1.TableColumnDefinition} plus, for
 * custom resources, the {@code jsonPath} of the CRD's {@code additionalPrinterColumns} entry (null for the
 * built-in columns, whose cells are computed).
 *
 * <p>{@code type} is one of {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code date};
 * {@code format} is {@code name} for the Name column and usually empty; {@code priority} 0 columns show in
 * {@code kubectl get}, higher ones only with {@code -o wide}.
 */
public record Column(String name, String type, String format, String description, int priority, String jsonPath) {
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    format = format == null ? "" : format;
    description = description == null ? "" : description;
  }

  /** The column definition as it appears in {@code columnDefinitions} (all five fields, Go has no omitempty here). */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("name", name);
    json.put("type", type);
    json.put("format", format);
    json.put("description", description);
    json.put("priority", priority);
    return json;
  }
}
