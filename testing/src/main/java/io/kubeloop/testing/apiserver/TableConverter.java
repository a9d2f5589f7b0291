package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the {@code meta.k8s.io/v1} {@code Table} that {@code kubectl get} asks for
 * ({@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}). Java counterpart of three Go table convertors:
 * apiserver {@code pkg/registry/rest/table.go} (the default: Name, Created At), kubernetes
 * {@code pkg/printers/internalversion/printers.go} (ConfigMap, Secret, Namespace, Lease, Event) and
 * apiextensions {@code pkg/registry/customresource/tableconvertor} (a CRD version's
 * {@code additionalPrinterColumns}), plus apiserver {@code handlers/response.go asTable} for the row objects.
 *
 * <pre>{@code
 * TableConverter tables = TableConverter.forBuiltIn("coordination.k8s.io", "leases");
 * ObjectNode table = tables.toTable(items, list.get("metadata"), TableConverter.Options.defaults(), clock.now());
 * }</pre>
 *
 * <p>Cells are server-computed: ages use {@link HumanDuration} against the {@code now} parameter (there is no
 * hidden clock); built-in columns are printed "wide" (all columns, kubectl hides priority &gt; 0 ones). Custom
 * resource columns take the first JSONPath match; a missing value is {@code null}; {@code date} columns are
 * rendered as ages. Watch events after the first carry no column definitions: pass
 * {@link Options#withColumnDefinitions(boolean) withColumnDefinitions(false)}, which writes
 * {@code "columnDefinitions":null} as Go does. Difference: an empty table has {@code "rows":[]} where the
 * default Go convertor writes {@code null}.
 *
 * <p>Immutable and thread-safe.
 */
public final class TableConverter {
  /** The {@code includeObject} query parameter: what each row's {@code object} holds. */
  public enum IncludeObject {
    /** {@code object} is null. */
    NONE("None"),
    /** {@code object} is a {@code PartialObjectMetadata} with the full {@code metadata} (the default). */
    METADATA("Metadata"),
    /** {@code object} is the whole object. */
    OBJECT("Object");

    private final String wire;

    IncludeObject(String wire) {
      this.wire = wire;
    }

    /**
     * Parses the query value; absent or empty means {@link #METADATA}.
     *
     * @throws IllegalArgumentException with the real 400 text {@code unrecognized includeObject value: "x"}
     */
    public static IncludeObject parse(String value) {
      if (value == null || value.isEmpty()) {
        return METADATA;
      }
      for (IncludeObject v : values()) {
        if (v.wire.equals(value)) {
          return v;
        }
      }
      throw new IllegalArgumentException("unrecognized includeObject value: " + FieldError.goQuote(value));
    }
  }

  /**
   * How to render: whether to include {@code columnDefinitions} (false for watch events after the first), what
   * rows carry, and the Table's {@code apiVersion} ({@code meta.k8s.io/v1} or {@code meta.k8s.io/v1beta1}, as
   * requested; the row's PartialObjectMetadata uses the same).
   */
  public record Options(boolean columnDefinitions, IncludeObject includeObject, String apiVersion) {
    public Options {
      Objects.requireNonNull(includeObject, "includeObject");
      Objects.requireNonNull(apiVersion, "apiVersion");
      if (!apiVersion.equals("meta.k8s.io/v1") && !apiVersion.equals("meta.k8s.io/v1beta1")) {
        throw new IllegalArgumentException("expected Table apiVersion meta.k8s.io/v1 or meta.k8s.io/v1beta1 but was "
            + apiVersion);
      }
    }

    /** Column definitions, PartialObjectMetadata rows, {@code meta.k8s.io/v1}. */
    public static Options defaults() {
      return new Options(true, IncludeObject.METADATA, "meta.k8s.io/v1");
    }

    public Options withColumnDefinitions(boolean include) {
      return new Options(include, includeObject, apiVersion);
    }

    public Options withIncludeObject(IncludeObject include) {
      return new Options(columnDefinitions, include, apiVersion);
    }

    public Options withApiVersion(String version) {
      return new Options(columnDefinitions, includeObject, version);
    }
  }

  /** Computes one cell: a String, Long, Double, Boolean or null. */
  @FunctionalInterface
  interface Cell {
    Object of(JsonNode object, Instant now);
  }

  /** A column and how its cells are computed. */
  record Printer(Column column, Cell cell) {}

  static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating resources, "
      + "although some resources may allow a client to request the generation of an appropriate name automatically. "
      + "Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More "
      + "info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  static final String CREATION_TIMESTAMP_DESCRIPTION = "CreationTimestamp is a timestamp representing the server time "
      + "when this object was created. It is not guaranteed to be set in happens-before order across separate "
      + "operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by "
      + "the system. Read-only. Null for lists. More info: "
      + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  static final Printer NAME = new Printer(new Column("Name", "string", "name", NAME_DESCRIPTION, 0, null),
      (o, now) -> o.path("metadata").path("name").asText(""));
  static final Printer AGE = new Printer(new Column("Age", "string", "", CREATION_TIMESTAMP_DESCRIPTION, 0, null),
      (o, now) -> HumanDuration.since(o.path("metadata").get("creationTimestamp"), now));

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final List<Printer> printers;

  TableConverter(List<Printer> printers) {
    this.printers = List.copyOf(printers);
  }

  /** The default convertor of every resource without its own printer: Name and Created At (RFC 3339). */
  public static TableConverter defaultConverter() {
    return new TableConverter(List.of(NAME, new Printer(
        new Column("Created At", "date", "", CREATION_TIMESTAMP_DESCRIPTION, 0, null),
        (o, now) -> createdAt(o.path("metadata").get("creationTimestamp")))));
  }

  /**
   * The columns kube-apiserver prints for a built-in resource: {@code configmaps} (Name, Data, Age),
   * {@code secrets} (Name, Type, Data, Age), {@code namespaces} (Name, Status, Age), {@code leases} of
   * {@code coordination.k8s.io} (Name, Holder, Age), core {@code events} (Last Seen, Type, Reason, Object,
   * Subobject, Source, Message, First Seen, Count, Name); anything else (CRDs included) gets
   * {@link #defaultConverter()}.
   */
  public static TableConverter forBuiltIn(String group, String resource) {
    List<Printer> printers = BuiltInPrinters.forResource(group == null ? "" : group, resource);
    return printers == null ? defaultConverter() : new TableConverter(printers);
  }

  /**
   * A custom resource's convertor: Name, then the printer columns (each with a {@code jsonPath}); an empty list
   * means the default single {@code Age} column of type {@code date} on {@code .metadata.creationTimestamp}.
   *
   * @throws IllegalArgumentException if a column has no {@code jsonPath} or it does not parse
   */
  public static TableConverter forPrinterColumns(List<Column> columns) {
    List<Column> effective = columns.isEmpty()
        ? List.of(new Column("Age", "date", "", CREATION_TIMESTAMP_DESCRIPTION, 0, ".metadata.creationTimestamp"))
        : columns;
    List<Printer> printers = new ArrayList<>();
    printers.add(NAME);
    for (Column c : effective) {
      if (c.jsonPath() == null) {
        throw new IllegalArgumentException("printer column " + FieldError.goQuote(c.name())
            + " has no jsonPath; custom resource columns are computed from a JSONPath such as .status.phase");
      }
      JsonPathLite path = JsonPathLite.parse(c.jsonPath());
      printers.add(new Printer(c, (o, now) -> customCell(c.type(), path.first(o).orElse(null), now)));
    }
    return new TableConverter(printers);
  }

  /**
   * {@link #forPrinterColumns} for one entry of a CRD's {@code spec.versions}, reading its
   * {@code additionalPrinterColumns} ({@code name}, {@code type}, {@code format}, {@code description},
   * {@code priority}, {@code jsonPath}); a missing description becomes
   * {@code Custom resource definition column (in JSONPath format): <jsonPath>}.
   */
  public static TableConverter forCustomResourceVersion(JsonNode crdVersion) {
    List<Column> columns = new ArrayList<>();
    for (JsonNode c : crdVersion.path("additionalPrinterColumns")) {
      String jsonPath = c.path("jsonPath").asText();
      String description = c.path("description").asText("");
      if (description.isEmpty()) {
        description = "Custom resource definition column (in JSONPath format): " + jsonPath;
      }
      columns.add(new Column(c.path("name").asText(), c.path("type").asText("string"), c.path("format").asText(""),
          description, c.path("priority").asInt(0), jsonPath));
    }
    return forPrinterColumns(columns);
  }

  /** The columns, in order. */
  public List<Column> columns() {
    return printers.stream().map(Printer::column).toList();
  }

  /**
   * A Table for a list: one row per object, in the given order. {@code listMetadata} is the list's
   * {@code metadata} ({@code resourceVersion}, {@code continue}, {@code remainingItemCount} are copied); may be null.
   */
  public ObjectNode toTable(List<? extends JsonNode> objects, JsonNode listMetadata, Options options, Instant now) {
    ObjectNode table = JSON.objectNode();
    table.put("kind", "Table");
    table.put("apiVersion", options.apiVersion());
    ObjectNode metadata = table.putObject("metadata");
    if (listMetadata != null) {
      for (String field : List.of("resourceVersion", "continue", "remainingItemCount")) {
        JsonNode value = listMetadata.get(field);
        if (value != null && !value.isNull() && !(value.isTextual() && value.textValue().isEmpty())) {
          metadata.set(field, value.deepCopy());
        }
      }
    }
    if (options.columnDefinitions()) {
      ArrayNode definitions = table.putArray("columnDefinitions");
      printers.forEach(p -> definitions.add(p.column().toJson()));
    } else {
      table.putNull("columnDefinitions");
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Printer p : printers) {
        cells.add(toJson(p.cell().of(object, now)));
      }
      row.set("object", rowObject(object, options));
    }
    return table;
  }

  /** A Table for a single object (GET, or one watch event): one row, {@code metadata.resourceVersion} of the object. */
  public ObjectNode toTable(JsonNode object, Options options, Instant now) {
    ObjectNode listMeta = JSON.objectNode();
    JsonNode rv = object.path("metadata").get("resourceVersion");
    if (rv != null) {
      listMeta.set("resourceVersion", rv.deepCopy());
    }
    return toTable(List.of(object), listMeta, options, now);
  }

  private static JsonNode rowObject(JsonNode object, Options options) {
    switch (options.includeObject()) {
      case OBJECT:
        return object.deepCopy();
      case NONE:
        return JSON.nullNode();
      default:
        ObjectNode partial = JSON.objectNode();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", options.apiVersion());
        JsonNode metadata = object.get("metadata");
        partial.set("metadata", metadata == null ? JSON.objectNode() : metadata.deepCopy());
        return partial;
    }
  }

  static JsonNode toJson(Object cell) {
    if (cell == null) {
      return JSON.nullNode();
    }
    if (cell instanceof String s) {
      return JSON.textNode(s);
    }
    if (cell instanceof Boolean b) {
      return JSON.booleanNode(b);
    }
    if (cell instanceof Double d) {
      // Go's encoding/json writes a whole float64 without a fraction.
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? integral(d.longValue()) : JSON.numberNode(d);
    }
    if (cell instanceof Number n) {
      return integral(n.longValue());
    }
    throw new IllegalArgumentException("unsupported cell type " + cell.getClass().getName());
  }

  /** The node Jackson itself would read for this number (an int node when it fits), so trees compare equal. */
  private static JsonNode integral(long value) {
    return value == (int) value ? JSON.numberNode((int) value) : JSON.numberNode(value);
  }

  /** Go: {@code m.GetCreationTimestamp().Time.UTC().Format(time.RFC3339)}; a missing timestamp is the zero time. */
  static String createdAt(JsonNode timestamp) {
    if (timestamp == null || !timestamp.isTextual() || timestamp.textValue().isEmpty()) {
      return "0001-01-01T00:00:00Z";
    }
    try {
      return OffsetDateTime.parse(timestamp.textValue()).toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return timestamp.textValue();
    }
  }

  /** apiextensions {@code cellForJSONValue}, with string columns printed like Go's jsonpath printer. */
  static Object customCell(String type, JsonNode value, Instant now) {
    if (value == null || value.isNull()) {
      return null;
    }
    switch (type) {
      case "string":
        return goPrint(value);
      case "integer":
        return value.isNumber() ? (Object) value.longValue() : null;
      case "number":
        return value.isNumber() ? (Object) value.doubleValue() : null;
      case "boolean":
        return value.isBoolean() ? (Object) value.booleanValue() : null;
      case "date":
        return value.isTextual() ? HumanDuration.since(value, now) : null;
      default:
        return null;
    }
  }

  /** How Go's {@code fmt.Fprint} shows a JSON value: bare strings, {@code map[a:1 b:x]}, {@code [a b]}. */
  static String goPrint(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNull()) {
      return "<nil>";
    }
    if (value.isFloatingPointNumber()) {
      return FieldError.goFloat(value.doubleValue());
    }
    if (value.isValueNode()) {
      return value.asText();
    }
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(goPrint(v)));
      return "[" + String.join(" ", parts) + "]";
    }
    List<String> keys = new ArrayList<>();
    value.fieldNames().forEachRemaining(keys::add);
    keys.sort(null);
    List<String> parts = new ArrayList<>();
    for (String k : keys) {
      parts.add(k + ":" + goPrint(value.get(k)));
    }
    return "map[" + String.join(" ", parts) + "]";
  }
}
