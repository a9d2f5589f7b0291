package io.kubeloop.testing.apiserver;

import io.kubeloop.testing.apiserver.LabelSelector.Operator;
import io.kubeloop.testing.apiserver.LabelSelector.Requirement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The lexer and parser of apimachinery {@code pkg/labels/selector.go} ({@code Lexer}, {@code Parser},
 * {@code NewRequirement}) behind {@link LabelSelector#parse}: the same token stream and the same decisions as
 * Go's, so that error messages match kube-apiserver's word for word. Package-private; stateless.
 */
final class LabelSelectorParser {
  private LabelSelectorParser() {}

  /** The requirements of a selector, unsorted; throws {@link SelectorException} with Go's message. */
  static List<Requirement> parse(String text) {
    return new Parser(Lexer.scan(text)).parse();
  }

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
      List<String> keyProblems = LabelSelector.qualifiedNameProblems(key.literal());
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
      List<String> keyProblems = LabelSelector.qualifiedNameProblems(key);
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
        List<String> problems = LabelSelector.labelValueProblems(values.get(i));
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
