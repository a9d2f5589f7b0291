package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.testing.apiserver.TableConverter.Printer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The server-side printers of kubernetes {@code pkg/printers/internalversion/printers.go} for the built-in kinds
 * the fake serves, in their "wide" form (the server always generates every column). Package-private; used by
 * {@link TableConverter#forBuiltIn}.
 */
final class BuiltInPrinters {
  private static final String CONFIGMAP_DATA = "Data contains the configuration data. Each key must consist of "
      + "alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. "
      + "The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during "
      + "validation process.";
  private static final String SECRET_DATA = "Data contains the secret data. Each key must consist of alphanumeric "
      + "characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing "
      + "the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4";
  private static final String SECRET_TYPE = "Used to facilitate programmatic handling of secret data. More info: "
      + "https://kubernetes.io/docs/concepts/configuration/secret/#secret-types";
  private static final String LEASE_HOLDER = "holderIdentity contains the identity of the holder of a current lease. "
      + "If Coordinated Leader Election is used, the holder identity must be equal to the elected "
      + "LeaseCandidate.metadata.name field.";
  private static final String FIELD_PATH = "If referring to a piece of an object instead of an entire object, this "
      + "string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. "
      + "For example, if the object reference is to a container within a pod, this would take on a value like: "
      + "\"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if "
      + "no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is "
      + "chosen only to have some well-defined way of referencing a part of an object.";

  private BuiltInPrinters() {}

  /** The printers for a resource, or null when it uses the default convertor. */
  static List<Printer> forResource(String group, String resource) {
    if (group.isEmpty()) {
      switch (resource) {
        case "configmaps":
          return List.of(TableConverter.NAME,
              printer("Data", CONFIGMAP_DATA, 0, (o, now) -> (long) (o.path("data").size() + o.path("binaryData").size())),
              TableConverter.AGE);
        case "secrets":
          return List.of(TableConverter.NAME,
              printer("Type", SECRET_TYPE, 0, (o, now) -> o.path("type").asText("")),
              printer("Data", SECRET_DATA, 0, (o, now) -> (long) o.path("data").size()),
              TableConverter.AGE);
        case "namespaces":
          return List.of(TableConverter.NAME,
              printer("Status", "The status of the namespace", 0, (o, now) -> o.path("status").path("phase").asText("")),
              TableConverter.AGE);
        case "events":
          return events();
        default:
          return null;
      }
    }
    if (group.equals("coordination.k8s.io") && resource.equals("leases")) {
      return List.of(TableConverter.NAME,
          printer("Holder", LEASE_HOLDER, 0, (o, now) -> o.path("spec").path("holderIdentity").asText("")),
          TableConverter.AGE);
    }
    return null;
  }

  private static Printer printer(String name, String description, int priority, TableConverter.Cell cell) {
    return new Printer(new Column(name, "string", "", description, priority, null), cell);
  }

  /** kubectl's {@code LAST SEEN TYPE REASON OBJECT MESSAGE} (and, wide, subobject, source, first seen, count, name). */
  private static List<Printer> events() {
    return List.of(
        printer("Last Seen", "The time at which the most recent occurrence of this event was recorded.", 0,
            BuiltInPrinters::lastSeen),
        printer("Type", "Type of this event (Normal, Warning), new types could be added in the future", 0,
            (o, now) -> o.path("type").asText("")),
        printer("Reason", "This should be a short, machine understandable string that gives the reason for the "
            + "transition into the object's current status.", 0, (o, now) -> o.path("reason").asText("")),
        printer("Object", "The object that this event is about.", 0, (o, now) -> target(o.path("involvedObject"))),
        printer("Subobject", FIELD_PATH, 1, (o, now) -> o.path("involvedObject").path("fieldPath").asText("")),
        printer("Source", "The component reporting this event. Should be a short machine understandable string.", 1,
            (o, now) -> source(o)),
        printer("Message", "A human-readable description of the status of this operation.", 0,
            (o, now) -> o.path("message").asText("").strip()),
        printer("First Seen", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)",
            1, BuiltInPrinters::firstSeen),
        new Printer(new Column("Count", "string", "", "The number of times this event has occurred.", 1, null),
            (o, now) -> count(o)),
        new Printer(new Column("Name", "string", "name", TableConverter.NAME_DESCRIPTION, 1, null),
            (o, now) -> o.path("metadata").path("name").asText("")));
  }

  private static boolean present(JsonNode timestamp) {
    return timestamp != null && timestamp.isTextual() && !timestamp.textValue().isEmpty();
  }

  private static String firstSeen(JsonNode o, Instant now) {
    JsonNode first = o.get("firstTimestamp");
    return present(first) ? HumanDuration.since(first, now) : HumanDuration.since(o.get("eventTime"), now);
  }

  private static String lastSeen(JsonNode o, Instant now) {
    JsonNode series = o.get("series");
    if (series != null && series.isObject()) {
      return HumanDuration.since(series.get("lastObservedTime"), now);
    }
    JsonNode last = o.get("lastTimestamp");
    return present(last) ? HumanDuration.since(last, now) : firstSeen(o, now);
  }

  private static long count(JsonNode o) {
    JsonNode series = o.get("series");
    if (series != null && series.isObject()) {
      return series.path("count").asLong(0);
    }
    long count = o.path("count").asLong(0);
    return count == 0 ? 1 : count; // singleton events of the events.k8s.io API carry no count
  }

  private static String target(JsonNode involved) {
    String kind = involved.path("kind").asText("").toLowerCase(Locale.ROOT);
    String name = involved.path("name").asText("");
    return name.isEmpty() ? kind : kind + "/" + name;
  }

  private static String source(JsonNode o) {
    String component = firstNonEmpty(o.path("source").path("component").asText(""), o.path("reportingComponent").asText(""));
    String instance = firstNonEmpty(o.path("source").path("host").asText(""), o.path("reportingInstance").asText(""));
    if (component.isEmpty()) {
      return "<unknown>";
    }
    return instance.isEmpty() ? component : component + ", " + instance;
  }

  private static String firstNonEmpty(String a, String b) {
    return a.isEmpty() ? b : a;
  }
}
