package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The subset of client-go {@code util/jsonpath} that CRD {@code additionalPrinterColumns} use, evaluated on
 * JSON trees: {@code .a.b}, {@code .a[0].b} (negative indexes count from the end), {@code .a[*].b},
 * {@code .a.*}, {@code ..b} (recursive descent), {@code ['key.with.dots']} and {@code .key\.with\.dots}, and
 * filters {@code [?(@.type=="Ready")].status} with {@code ==}, {@code !=}, {@code <}, {@code <=}, {@code >},
 * {@code >=} or bare existence {@code [?(@.x)]}. An expression may be wrapped in {@code {…}} and may start with
 * {@code $}. Not supported: slices {@code [1:3]}, unions {@code [a,b]}, {@code range}/{@code end} templates.
 *
 * <p>Missing keys are not errors (the apiserver sets {@code AllowMissingKeys(true)}): they yield no result.
 * Immutable and thread-safe.
 */
public final class JsonPathLite {
  private sealed interface Step permits Field, Index, Wildcard, Recursive, Filter {}

  private record Field(String name) implements Step {}

  private record Index(int index) implements Step {}

  private record Wildcard() implements Step {}

  private record Recursive(String name) implements Step {}

  /** {@code [?(@.path op literal)]}; {@code op} null means "path exists". */
  private record Filter(List<Step> path, String op, JsonNode literal) implements Step {}

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String[] OPERATORS = {"==", "!=", "<=", ">=", "<", ">"};

  private final String expression;
  private final List<Step> steps;

  private JsonPathLite(String expression, List<Step> steps) {
    this.expression = expression;
    this.steps = List.copyOf(steps);
  }

  /**
   * Parses an expression such as {@code .status.phase} or {@code {.status.conditions[?(@.type=="Ready")].status}}.
   *
   * @throws IllegalArgumentException naming the expression and the position of the problem
   */
  public static JsonPathLite parse(String expression) {
    Objects.requireNonNull(expression, "expression");
    String text = expression.trim();
    if (text.startsWith("{") && text.endsWith("}")) {
      text = text.substring(1, text.length() - 1).trim();
    }
    if (text.startsWith("$")) {
      text = text.substring(1);
    }
    return new JsonPathLite(expression, new Parser(expression, text).steps());
  }

  /** The expression as given to {@link #parse}. */
  public String expression() {
    return expression;
  }

  /** Every match, in document order; empty when nothing matches. */
  public List<JsonNode> find(JsonNode root) {
    List<JsonNode> current = new ArrayList<>();
    if (root != null) {
      current.add(root);
    }
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        apply(step, node, next);
      }
      current = next;
    }
    return current;
  }

  /** The first match, which is what a printer column shows. */
  public Optional<JsonNode> first(JsonNode root) {
    List<JsonNode> all = find(root);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  @Override
  public String toString() {
    return expression;
  }

  private static void apply(Step step, JsonNode node, List<JsonNode> out) {
    if (step instanceof Field f) {
      if (node.isObject() && node.has(f.name())) {
        out.add(node.get(f.name()));
      }
    } else if (step instanceof Index i) {
      if (node.isArray()) {
        int at = i.index() < 0 ? node.size() + i.index() : i.index();
        if (at >= 0 && at < node.size()) {
          out.add(node.get(at));
        }
      }
    } else if (step instanceof Wildcard) {
      if (node.isArray() || node.isObject()) {
        node.forEach(out::add);
      }
    } else if (step instanceof Recursive r) {
      collect(node, r.name(), out);
    } else if (step instanceof Filter f) {
      if (node.isArray()) {
        for (JsonNode element : node) {
          if (matches(f, element)) {
            out.add(element);
          }
        }
      }
    }
  }

  private static void collect(JsonNode node, String name, List<JsonNode> out) {
    if (node.isObject()) {
      if (node.has(name)) {
        out.add(node.get(name));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        collect(it.next().getValue(), name, out);
      }
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, name, out));
    }
  }

  private static boolean matches(Filter f, JsonNode element) {
    List<JsonNode> current = List.of(element);
    for (Step step : f.path()) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) {
        apply(step, n, next);
      }
      current = next;
    }
    if (f.op() == null) {
      return !current.isEmpty();
    }
    for (JsonNode left : current) {
      if (compare(left, f.op(), f.literal())) {
        return true;
      }
    }
    return false;
  }

  private static boolean compare(JsonNode left, String op, JsonNode right) {
    if (op.equals("==")) {
      return JsonPatch.jsonEquals(left, right);
    }
    if (op.equals("!=")) {
      return !JsonPatch.jsonEquals(left, right);
    }
    if (!left.isNumber() || !right.isNumber()) {
      return false;
    }
    int c = left.decimalValue().compareTo(right.decimalValue());
    switch (op) {
      case "<": return c < 0;
      case "<=": return c <= 0;
      case ">": return c > 0;
      default: return c >= 0;
    }
  }

  /** Recursive-descent parser over the text between the optional braces. */
  private static final class Parser {
    private final String expression;
    private final String text;
    private int pos;

    Parser(String expression, String text) {
      this.expression = expression;
      this.text = text;
    }

    private IllegalArgumentException error(String problem) {
      return new IllegalArgumentException("invalid JSONPath " + FieldError.goQuote(expression) + ": " + problem
          + " at position " + pos + "; expected a path such as .status.phase or .items[0].name");
    }

    List<Step> steps() {
      List<Step> steps = new ArrayList<>();
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '.') {
          pos++;
          if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            steps.add(new Recursive(name()));
          } else if (pos < text.length() && text.charAt(pos) != '[') {
            String name = name();
            steps.add(name.equals("*") ? new Wildcard() : new Field(name));
          }
        } else if (c == '[') {
          steps.add(bracket());
        } else if (steps.isEmpty() && pos == 0) {
          steps.add(new Field(name())); // tolerate a missing leading dot
        } else {
          throw error("unexpected " + FieldError.goQuote(String.valueOf(c)));
        }
      }
      return steps;
    }

    private String name() {
      StringBuilder name = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '\\' && pos + 1 < text.length()) {
          name.append(text.charAt(pos + 1));
          pos += 2;
        } else if (c == '.' || c == '[') {
          break;
        } else {
          name.append(c);
          pos++;
        }
      }
      if (name.length() == 0) {
        throw error("empty field name");
      }
      return name.toString();
    }

    private Step bracket() {
      int start = ++pos;
      int depth = 0;
      char quote = 0;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        } else if (c == ']' && depth == 0) {
          break;
        }
        pos++;
      }
      if (pos >= text.length()) {
        throw error("unterminated [");
      }
      String content = text.substring(start, pos).trim();
      pos++; // past ']'
      if (content.equals("*")) {
        return new Wildcard();
      }
      if (content.length() >= 2 && (content.charAt(0) == '\'' || content.charAt(0) == '"')
          && content.charAt(content.length() - 1) == content.charAt(0)) {
        return new Field(content.substring(1, content.length() - 1));
      }
      if (content.startsWith("?(") && content.endsWith(")")) {
        return filter(content.substring(2, content.length() - 1).trim());
      }
      try {
        return new Index(Integer.parseInt(content));
      } catch (NumberFormatException e) {
        throw error("unsupported subscript [" + content + "]");
      }
    }

    private Step filter(String condition) {
      if (!condition.startsWith("@")) {
        throw error("a filter must start with @");
      }
      int at = -1;
      String op = null;
      char quote = 0;
      for (int i = 0; i < condition.length() && op == null; i++) {
        char c = condition.charAt(i);
        if (quote != 0) {
          quote = c == quote ? 0 : quote;
          continue;
        }
        if (c == '\'' || c == '"') {
          quote = c;
          continue;
        }
        for (String candidate : OPERATORS) {
          if (condition.startsWith(candidate, i)) {
            at = i;
            op = candidate;
            break;
          }
        }
      }
      String left = (op == null ? condition : condition.substring(0, at)).trim().substring(1);
      List<Step> path = new Parser(expression, left).steps();
      if (op == null) {
        return new Filter(path, null, null);
      }
      return new Filter(path, op, literal(condition.substring(at + op.length()).trim()));
    }

    private JsonNode literal(String text) {
      if (text.length() >= 2 && (text.charAt(0) == '\'' || text.charAt(0) == '"')
          && text.charAt(text.length() - 1) == text.charAt(0)) {
        return JSON.textNode(text.substring(1, text.length() - 1));
      }
      switch (text) {
        case "true":
          return JSON.booleanNode(true);
        case "false":
          return JSON.booleanNode(false);
        case "null":
          return JSON.nullNode();
        default:
          try {
            BigDecimal number = new BigDecimal(text);
            return number.scale() <= 0 ? JSON.numberNode(number.toBigIntegerExact()) : JSON.numberNode(number);
          } catch (NumberFormatException | ArithmeticException e) {
            throw error("unsupported filter value " + text);
          }
      }
    }
  }
}
