package io.kubeloop.testing.apiserver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
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
    List<Requirement> parsed = new Parser(Lexer.scan(text)).parse();
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

  // ---------------------------------------------------------------------------------------------------------
  // Lexer and parser: the same token stream and decisions as Go's, so error messages match.

  private enum Token { ERROR, END, CLOSE_PAREN, COMMA, NOT, DOUBLE_EQUALS, EQUALS, GREATER, IDENTIFIER, IN, LESS, NOT_EQUALS, NOT_IN, OPEN_PAREN }

  private record Item(Token token, String literal) {}

  private static final class Lexer {
    private final String s;
    private int pos;

    private Lexer(String s) {
      this.s = s;
    }

    static List<Item> scan(String text) {
      Lexer lexer = new Lexer(text);
      List<Item> items = new ArrayList<>();
      while (true) {
        Item item = lexer.next();
        items.add(item);
        if (item.token() == Token.END) {
          return items;
        }
      }
    }

    private static boolean isWhitespace(char c) {
      return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isSpecial(char c) {
      return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }

    private static Token keyword(String s) {
      switch (s) {
        case ")": return Token.CLOSE_PAREN;
        case ",": return Token.COMMA;
        case "!": return Token.NOT;
        case "==": return Token.DOUBLE_EQUALS;
        case "=": return Token.EQUALS;
        case ">": return Token.GREATER;
        case "in": return Token.IN;
        case "<": return Token.LESS;
        case "!=": return Token.NOT_EQUALS;
        case "notin": return Token.NOT_IN;
        case "(": return Token.OPEN_PAREN;
        default: return null;
      }
    }

    private Item next() {
      while (pos < s.length() && isWhitespace(s.charAt(pos))) {
        pos++;
      }
      if (pos >= s.length()) {
        return new Item(Token.END, "");
      }
      return isSpecial(s.charAt(pos)) ? special() : identifierOrKeyword();
    }

    private Item identifierOrKeyword() {
      int start = pos;
      while (pos < s.length() && !isSpecial(s.charAt(pos)) && !isWhitespace(s.charAt(pos))) {
        pos++;
      }
      String word = s.substring(start, pos);
      Token t = keyword(word);
      return new Item(t == null ? Token.IDENTIFIER : t, word);
    }

    /** Longest run of special characters that is still an operator: "!=" then "(" stays two tokens. */
    private Item special() {
      StringBuilder buffer = new StringBuilder();
      Item last = null;
      while (pos < s.length() && isSpecial(s.charAt(pos))) {
        buffer.append(s.charAt(pos++));
        Token t = keyword(buffer.toString());
        if (t != null) {
          last = new Item(t, buffer.toString());
        } else if (last != null) {
          pos--;
          break;
        }
      }
      return last != null ? last : new Item(Token.ERROR, "error expected: keyword found '" + buffer + "'");
    }
  }

  private static final class Parser {
    private final List<Item> items;
    private int position;

    Parser(List<Item> items) {
      this.items = items;
    }

    /** In value context the words "in" and "notin" are ordinary identifiers. */
    private Item lookahead(boolean values) {
      return asContext(items.get(position), values);
    }

    private Item consume(boolean values) {
      return asContext(items.get(position++), values);
    }

    private static Item asContext(Item item, boolean values) {
      if (values && (item.token() == Token.IN || item.token() == Token.NOT_IN)) {
        return new Item(Token.IDENTIFIER, item.literal());
      }
      return item;
    }

    List<Requirement> parse() {
      List<Requirement> requirements = new ArrayList<>();
      while (true) {
        Item next = lookahead(true);
        if (next.token() == Token.IDENTIFIER || next.token() == Token.NOT) {
          try {
            requirements.add(parseRequirement());
          } catch (SelectorException e) {
            throw new SelectorException("unable to parse requirement: " + e.getMessage());
          }
          Item after = consume(true);
          if (after.token() == Token.END) {
            return requirements;
          } else if (after.token() == Token.COMMA) {
            Item following = lookahead(true);
            if (following.token() != Token.IDENTIFIER && following.token() != Token.NOT) {
              throw new SelectorException("found '" + following.literal() + "', expected: identifier after ','");
            }
          } else {
            throw new SelectorException("found '" + after.literal() + "', expected: ',' or 'end of string'");
          }
        } else if (next.token() == Token.END) {
          return requirements;
        } else {
          throw new SelectorException("found '" + next.literal() + "', expected: !, identifier, or 'end of string'");
        }
      }
    }

    private Requirement parseRequirement() {
      Operator operator = null;
      Item key = consume(true);
      if (key.token() == Token.NOT) {
        operator = Operator.DOES_NOT_EXIST;
        key = consume(true);
      }
      if (key.token() != Token.IDENTIFIER) {
        throw new SelectorException("found '" + key.literal() + "', expected: identifier");
      }
      List<String> keyProblems = qualifiedNameProblems(key.literal());
      if (!keyProblems.isEmpty()) {
        // Go validates the key here with a nil field path, which renders as "<nil>".
        throw new SelectorException(FieldError.invalid("<nil>", key.literal(), String.join("; ", keyProblems)).toString());
      }
      Token after = lookahead(true).token();
      if (after == Token.END || after == Token.COMMA) {
        if (operator == null) {
          operator = Operator.EXISTS;
        }
      }
      if (operator == Operator.EXISTS || operator == Operator.DOES_NOT_EXIST) {
        return newRequirement(key.literal(), operator, List.of());
      }
      operator = parseOperator();
      TreeSet<String> values = (operator == Operator.IN || operator == Operator.NOT_IN) ? parseValues() : parseExactValue();
      return newRequirement(key.literal(), operator, new ArrayList<>(values));
    }

    private Operator parseOperator() {
      Item op = consume(false);
      switch (op.token()) {
        case IN: return Operator.IN;
        case EQUALS: return Operator.EQUALS;
        case DOUBLE_EQUALS: return Operator.DOUBLE_EQUALS;
        case GREATER: return Operator.GREATER_THAN;
        case LESS: return Operator.LESS_THAN;
        case NOT_IN: return Operator.NOT_IN;
        case NOT_EQUALS: return Operator.NOT_EQUALS;
        default:
          throw new SelectorException("found '" + op.literal() + "', expected: in, notin, =, ==, !=, gt, lt");
      }
    }

    private TreeSet<String> parseValues() {
      Item open = consume(true);
      if (open.token() != Token.OPEN_PAREN) {
        throw new SelectorException("found '" + open.literal() + "' expected: '('");
      }
      Item first = lookahead(true);
      switch (first.token()) {
        case IDENTIFIER:
        case COMMA: {
          TreeSet<String> values = parseIdentifiersList();
          if (consume(true).token() != Token.CLOSE_PAREN) {
            // Go reports the literal it looked at before the list here, not the offending one.
            throw new SelectorException("found '" + first.literal() + "', expected: ')'");
          }
          return values;
        }
        case CLOSE_PAREN: {
          consume(true);
          TreeSet<String> values = new TreeSet<>();
          values.add("");
          return values;
        }
        default:
          throw new SelectorException("found '" + first.literal() + "', expected: ',', ')' or identifier");
      }
    }

    private TreeSet<String> parseIdentifiersList() {
      TreeSet<String> values = new TreeSet<>();
      while (true) {
        Item item = consume(true);
        if (item.token() == Token.IDENTIFIER) {
          values.add(item.literal());
          Item next = lookahead(true);
          if (next.token() == Token.COMMA) {
            continue;
          }
          if (next.token() == Token.CLOSE_PAREN) {
            return values;
          }
          throw new SelectorException("found '" + next.literal() + "', expected: ',' or ')'");
        } else if (item.token() == Token.COMMA) {
          if (values.isEmpty()) {
            values.add(""); // "(,"
          }
          Token next = lookahead(true).token();
          if (next == Token.CLOSE_PAREN) {
            values.add(""); // ",)"
            return values;
          }
          if (next == Token.COMMA) {
            consume(true);
            values.add(""); // ",,"
          }
        } else {
          throw new SelectorException("found '" + item.literal() + "', expected: ',', or identifier");
        }
      }
    }

    private TreeSet<String> parseExactValue() {
      TreeSet<String> values = new TreeSet<>();
      Token next = lookahead(true).token();
      if (next == Token.END || next == Token.COMMA) {
        values.add("");
        return values;
      }
      Item item = consume(true);
      if (item.token() == Token.IDENTIFIER) {
        values.add(item.literal());
        return values;
      }
      throw new SelectorException("found '" + item.literal() + "', expected: identifier");
    }

    /** Go's {@code NewRequirement} as called by the parser (nil path: fields "key", "values[i]", "values[i][key]"). */
    private static Requirement newRequirement(String key, Operator operator, List<String> values) {
      List<FieldError> errs = new ArrayList<>();
      List<String> keyProblems = qualifiedNameProblems(key);
      if (!keyProblems.isEmpty()) {
        errs.add(FieldError.invalid("key", key, String.join("; ", keyProblems)));
      }
      if ((operator == Operator.GREATER_THAN || operator == Operator.LESS_THAN)) {
        for (int i = 0; i < values.size(); i++) {
          try {
            Long.parseLong(values.get(i));
          } catch (NumberFormatException e) {
            errs.add(FieldError.invalid("values[" + i + "]", values.get(i),
                "for 'Gt', 'Lt' operators, the value must be an integer"));
          }
        }
      }
      for (int i = 0; i < values.size(); i++) {
        List<String> problems = labelValueProblems(values.get(i));
        if (!problems.isEmpty()) {
          errs.add(FieldError.invalid("values[" + i + "][" + key + "]", values.get(i), String.join("; ", problems)));
        }
      }
      if (!errs.isEmpty()) {
        throw new SelectorException(FieldError.aggregate(errs));
      }
      return new Requirement(key, operator, values);
    }
  }
}
