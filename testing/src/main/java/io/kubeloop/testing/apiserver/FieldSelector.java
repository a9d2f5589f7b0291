package io.kubeloop.testing.apiserver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Java counterpart of apimachinery {@code pkg/fields/selector.go} ({@code fields.ParseSelector}): the
 * {@code fieldSelector=} query parameter, a comma-separated AND of {@code f=v}, {@code f==v} and {@code f!=v}.
 * Values may escape {@code \,}, {@code \=} and {@code \\}.
 *
 * <p>Parsing only checks syntax (messages as Go's: {@code invalid selector: 'x'; can't understand 'x'}). Which
 * fields a resource supports is the server's business; {@link #requireSupported} applies a resource's field set
 * and throws the real text for the first unsupported field:
 * <ul>
 *   <li>built-in kinds without their own field-label conversion (ConfigMap, Lease, …):
 *       {@link #notAKnownFieldSelector} → {@code "foo" is not a known field selector: only "metadata.name", "metadata.namespace"};
 *   <li>custom resources and built-ins with a conversion (Namespace, Secret, Event, Pod):
 *       {@link #fieldLabelNotSupported} → {@code field label not supported: foo}.
 * </ul>
 * The server answers either with 400 BadRequest carrying the message.
 *
 * <p>Immutable and thread-safe. Terms are kept in Go's order (sorted by their text).
 */
public final class FieldSelector {
  /** One term: {@code field op value}, with the value unescaped. */
  public record Term(String field, boolean negated, String value) {
    public Term {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(value, "value");
    }

    /** Go's {@code String()}: {@code field=value} or {@code field!=value}, the value escaped again. */
    @Override
    public String toString() {
      return field + (negated ? "!=" : "=") + escape(value);
    }
  }

  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = List.copyOf(terms);
  }

  /** The selector that matches everything (an empty or absent {@code fieldSelector}). */
  public static FieldSelector everything() {
    return EVERYTHING;
  }

  /**
   * Parses a field selector as kube-apiserver does; {@code null} or empty text selects everything.
   *
   * @throws SelectorException with Go's message when a term has no operator or a value has a bad escape
   */
  public static FieldSelector parse(String text) {
    if (text == null || text.isEmpty()) {
      return EVERYTHING;
    }
    List<String> parts = splitTerms(text);
    Collections.sort(parts);
    List<Term> terms = new ArrayList<>();
    for (String part : parts) {
      if (part.isEmpty()) {
        continue;
      }
      int at = -1;
      String op = null;
      // The first position where any operator starts wins; at one position "!=" and "==" beat "=".
      search:
      for (int i = 0; i < part.length(); i++) {
        for (String candidate : new String[] {"!=", "==", "="}) {
          if (part.startsWith(candidate, i)) {
            at = i;
            op = candidate;
            break search;
          }
        }
      }
      if (op == null) {
        throw new SelectorException("invalid selector: '" + text + "'; can't understand '" + part + "'");
      }
      String value = unescape(part.substring(at + op.length()));
      terms.add(new Term(part.substring(0, at), op.equals("!="), value));
    }
    return terms.isEmpty() ? EVERYTHING : new FieldSelector(terms);
  }

  /**
   * Whether every term holds. {@code fieldValue} returns an object's value for a field name; {@code null} counts
   * as the empty string (Go's {@code fields.Set.Get}).
   */
  public boolean matches(Function<String, String> fieldValue) {
    for (Term t : terms) {
      String actual = fieldValue.apply(t.field());
      boolean equal = (actual == null ? "" : actual).equals(t.value());
      if (equal == t.negated()) {
        return false;
      }
    }
    return true;
  }

  /** The field names this selector uses, in term order. */
  public Set<String> fields() {
    Set<String> fields = new LinkedHashSet<>();
    for (Term t : terms) {
      fields.add(t.field());
    }
    return Collections.unmodifiableSet(fields);
  }

  public List<Term> terms() {
    return terms;
  }

  public boolean isEmpty() {
    return terms.isEmpty();
  }

  /**
   * The value this selector requires for {@code field} with {@code =}/{@code ==}, or {@code null} (Go's
   * {@code RequiresExactMatch}); the server uses it for {@code metadata.name} and {@code metadata.namespace}.
   */
  public String requiresExactMatch(String field) {
    for (Term t : terms) {
      if (t.field().equals(field) && !t.negated()) {
        return t.value();
      }
    }
    return null;
  }

  /**
   * Checks the fields against the set a resource supports, in term order (as Go's {@code Transform}).
   *
   * @param message the error text for an unsupported field, e.g. {@code FieldSelector::fieldLabelNotSupported}
   * @throws SelectorException with {@code message.apply(field)} for the first unsupported field
   */
  public void requireSupported(Set<String> supported, UnaryOperator<String> message) {
    for (Term t : terms) {
      if (!supported.contains(t.field())) {
        throw new SelectorException(message.apply(t.field()));
      }
    }
  }

  /** The custom-resource and converted-kind text: {@code field label not supported: <field>}. */
  public static String fieldLabelNotSupported(String field) {
    return "field label not supported: " + field;
  }

  /** The default-conversion text: {@code "<field>" is not a known field selector: only "metadata.name", "metadata.namespace"}. */
  public static String notAKnownFieldSelector(String field) {
    return FieldError.goQuote(field) + " is not a known field selector: only \"metadata.name\", \"metadata.namespace\"";
  }

  /** Go's {@code String()}: the terms joined with commas. */
  @Override
  public String toString() {
    return terms.stream().map(Term::toString).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSelector other && other.terms.equals(terms);
  }

  @Override
  public int hashCode() {
    return terms.hashCode();
  }

  /** Splits on commas that are not escaped; escapes stay in the terms. */
  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    int start = 0;
    boolean inSlash = false;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (inSlash) {
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',') {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  private static String unescape(String s) {
    StringBuilder v = new StringBuilder(s.length());
    boolean inSlash = false;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (inSlash) {
        if (c != '\\' && c != ',' && c != '=') {
          throw new SelectorException("invalid field selector: invalid escape sequence: \\" + new String(Character.toChars(c)));
        }
        v.appendCodePoint(c);
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',' || c == '=') {
        // Go prints the rune with %v, i.e. as its number.
        throw new SelectorException("invalid field selector: unescaped character in value: " + c);
      } else {
        v.appendCodePoint(c);
      }
    }
    if (inSlash) {
      throw new SelectorException("invalid field selector: invalid escape sequence: \\");
    }
    return v.toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
  }
}
