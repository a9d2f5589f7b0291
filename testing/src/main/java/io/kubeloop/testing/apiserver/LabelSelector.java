package io.kubeloop.testing.apiserver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Java counterpart of apimachinery {@code pkg/labels/selector.go} ({@code labels.Parse}, {@code Selector},
 * {@code Requirement}): the {@code labelSelector=} query parameter.
 *
 * <p>Grammar (comma = AND): {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)},
 * {@code k} (exists), {@code !k} (does not exist), {@code k>n}, {@code k<n} (integers). {@code !=} and
 * {@code notin} also match objects that lack the key. Keys must be qualified names (optional DNS-subdomain
 * prefix and {@code /}), values valid label values; both are checked with apimachinery's messages.
 *
 * <p>Parse errors throw {@link SelectorException} with the real server's message, e.g.
 * {@code unable to parse requirement: found '', expected: identifier}; the fake answers them with 400
 * BadRequest. The parser follows Go's token by token (including its quirks, such as {@code x in ()} meaning
 * "x is the empty string" and error paths rendered like {@code values[0][app]}), so error texts line up.
 *
 * <p>Immutable and thread-safe. Requirements are kept sorted by key, as Go does.
 */
public final class LabelSelector {
  /** The operators of apimachinery {@code selection.Operator}, with their text in {@link #toString()}. */
  public enum Operator {
    EXISTS("exists"), DOES_NOT_EXIST("!"), EQUALS("="), DOUBLE_EQUALS("=="), NOT_EQUALS("!="), IN("in"),
    NOT_IN("notin"), GREATER_THAN("gt"), LESS_THAN("lt");

    private final String text;

    Operator(String text) {
      this.text = text;
    }

    /** Go's {@code selection.Operator} string. */
    public String text() {
      return text;
    }
  }

  /** One requirement: key, operator and (sorted, deduplicated) values. */
  public record Requirement(String key, Operator operator, List<String> values) {
    public Requirement {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(operator, "operator");
      values = List.copyOf(values);
    }

    /** Whether the labels satisfy this requirement (Go's {@code Requirement.Matches}). */
    public boolean matches(Map<String, String> labels) {
      String actual = labels.get(key);
      boolean has = labels.containsKey(key);
      switch (operator) {
        case IN, EQUALS, DOUBLE_EQUALS:
          return has && values.contains(actual);
        case NOT_IN, NOT_EQUALS:
          return !has || !values.contains(actual);
        case EXISTS:
          return has;
        case DOES_NOT_EXIST:
          return !has;
        case GREATER_THAN, LESS_THAN:
          if (!has || values.size() != 1) {
            return false;
          }
          try {
            long left = Long.parseLong(actual);
            long right = Long.parseLong(values.get(0));
            return operator == Operator.GREATER_THAN ? left > right : left < right;
          } catch (NumberFormatException e) {
            return false;
          }
        default:
          return false;
      }
    }

    /** Go's {@code Requirement.String()}: {@code k=v}, {@code !k}, {@code k in (a,b)}, {@code k>3}. */
    @Override
    public String toString() {
      switch (operator) {
        case EXISTS:
          return key;
        case DOES_NOT_EXIST:
          return "!" + key;
        case IN:
          return key + " in (" + String.join(",", values) + ")";
        case NOT_IN:
          return key + " notin (" + String.join(",", values) + ")";
        case GREATER_THAN:
          return key + ">" + values.get(0);
        case LESS_THAN:
          return key + "<" + values.get(0);
        default:
          return key + operator.text() + values.get(0);
      }
    }
  }

  private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  /** The selector that matches every object (an empty or absent {@code labelSelector}). */
  public static LabelSelector everything() {
    return EVERYTHING;
  }

  /**
   * Parses a selector as kube-apiserver does; {@code null}, empty or blank text selects everything.
   *
   * @throws SelectorException with the real server's message when the text does not parse or a key or value
   *     is not valid
   */
  public static LabelSelector parse(String text) {
    if (text == null) {
      return EVERYTHING;
    }
    List<Requirement> parsed = LabelSelectorParser.parse(text);
    parsed.sort(Comparator.comparing(Requirement::key));
    return parsed.isEmpty() ? EVERYTHING : new LabelSelector(parsed);
  }

  /** Whether every requirement holds for these labels; a null map counts as no labels. */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> actual = labels == null ? Map.of() : labels;
    for (Requirement r : requirements) {
      if (!r.matches(actual)) {
        return false;
      }
    }
    return true;
  }

  /** Whether this selector matches everything. */
  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  /** The requirements, sorted by key. */
  public List<Requirement> requirements() {
    return requirements;
  }

  /** Go's {@code Selector.String()}: the requirements joined with commas (empty for everything). */
  @Override
  public String toString() {
    return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSelector other && other.requirements.equals(requirements);
  }

  @Override
  public int hashCode() {
    return requirements.hashCode();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Validation (apimachinery pkg/util/validation: IsQualifiedName, IsValidLabelValue).

  private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final Pattern QUALIFIED_NAME = Pattern.compile("^" + QUALIFIED_NAME_FMT + "$");
  private static final String QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must "
      + "start and end with an alphanumeric character";
  private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
  private static final Pattern LABEL_VALUE = Pattern.compile("^" + LABEL_VALUE_FMT + "$");
  private static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric "
      + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile("^" + DNS1123_SUBDOMAIN_FMT + "$");
  private static final String DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
      + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

  /** apimachinery {@code validation.IsQualifiedName}: the problems with a label key, empty when valid. */
  public static List<String> qualifiedNameProblems(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      name = parts[1];
      if (prefix.isEmpty()) {
        errs.add("prefix part must be non-empty");
      } else {
        if (prefix.length() > 253) {
          errs.add("prefix part must be no more than 253 characters");
        }
        if (!DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
          errs.add("prefix part " + regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
        }
      }
    } else {
      errs.add("a qualified name " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
          + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    if (name.isEmpty()) {
      errs.add("name part must be non-empty");
    } else if (name.length() > 63) {
      errs.add("name part must be no more than 63 characters");
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      errs.add("name part " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  /** apimachinery {@code validation.IsValidLabelValue}: the problems with a label value, empty when valid. */
  public static List<String> labelValueProblems(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 63) {
      errs.add("must be no more than 63 characters");
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errs.add(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errs;
  }

  /** apimachinery {@code validation.RegexError} (with its double space before each "or"). */
  static String regexError(String msg, String fmt, String... examples) {
    if (examples.length == 0) {
      return msg + " (regex used for validation is '" + fmt + "')";
    }
    StringBuilder s = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        s.append(" or ");
      }
      s.append('\'').append(examples[i]).append("', ");
    }
    return s.append("regex used for validation is '").append(fmt).append("')").toString();
  }
}
