package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * Chooses the Table convertor of a served resource and renders lists, gets and watch events with it: the
 * server-side half of {@code asTable} (k8s.io/apiserver pkg/endpoints/handlers/response.go). The columns and cells
 * come from {@link TableConverter}: built-in printers for the kinds kubectl shows most, a CRD version's
 * {@code additionalPrinterColumns} for custom resources, and Name/Created At for everything else.
 */
final class Tables {
  private Tables() {}

  /** Checks {@code includeObject}: unset, {@code None}, {@code Metadata} or {@code Object}; else 400. */
  static TableConverter.IncludeObject includeObject(ApiRequest request) {
    try {
      return TableConverter.IncludeObject.parse(request.param("includeObject"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  private static TableConverter converter(ResourceType type) {
    if (type.strategy() == ResourceType.Strategy.CUSTOM) {
      ObjectNode version = Json.object();
      if (type.printerColumns() != null) {
        version.set("additionalPrinterColumns", type.printerColumns());
      }
      return TableConverter.forCustomResourceVersion(version);
    }
    return TableConverter.forBuiltIn(type.group(), type.plural());
  }

  /**
   * A Table of {@code objects}; {@code metadata} is left for the caller to fill.
   *
   * @param withColumns {@code false} for watch events after the first (the real server's {@code NoHeaders})
   */
  static ObjectNode table(ResourceType type, List<ObjectNode> objects, String apiVersion,
      TableConverter.IncludeObject include, boolean withColumns, Instant now) {
    TableConverter.Options options = TableConverter.Options.defaults().withApiVersion(apiVersion)
        .withColumnDefinitions(withColumns).withIncludeObject(include);
    return converter(type).toTable(objects, null, options, now);
  }
}
