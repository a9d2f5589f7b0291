package io.kubeloop.testing.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorTest {
  record Match(String name, String selector, Map<String, String> labels, boolean matches) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Match> matchCases() {
    Map<String, String> demo = Map.of("app", "demo", "tier", "web", "n", "5");
    return Stream.of(
        new Match("equals", "app=demo", demo, true),
        new Match("double equals", "app==demo", demo, true),
        new Match("equals other value", "app=other", demo, false),
        new Match("not equals", "app!=other", demo, true),
        new Match("not equals matches a missing key", "zone!=a", demo, true),
        new Match("in", "app in (x, demo)", demo, true),
        new Match("in misses", "app in (x,y)", demo, false),
        new Match("notin", "app notin (x,y)", demo, true),
        new Match("notin matches a missing key", "zone notin (a)", demo, true),
        new Match("exists", "tier", demo, true),
        new Match("exists misses", "zone", demo, false),
        new Match("does not exist", "!zone", demo, true),
        new Match("does not exist misses", "!app", demo, false),
        new Match("and of all", "app=demo,tier in (web),!zone", demo, true),
        new Match("and fails on one", "app=demo,tier=db", demo, false),
        new Match("greater than", "n>3", demo, true),
        new Match("less than", "n<3", demo, false),
        new Match("greater than on a non-number", "app>3", demo, false),
        new Match("empty value", "app=", Map.of("app", ""), true),
        new Match("in with empty set means empty value", "app in ()", Map.of("app", ""), true),
        new Match("keyword as value", "app in (in,notin)", Map.of("app", "in"), true),
        new Match("prefixed key", "example.com/role=x", Map.of("example.com/role", "x"), true),
        new Match("whitespace everywhere", "  app  =  demo , tier ", demo, true),
        new Match("empty selector", "", demo, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matchCases")
  void matches(Match c) {
    assertEquals(c.matches(), LabelSelector.parse(c.selector()).matches(c.labels()));
  }

  record Bad(String name, String selector, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> errorCases() {
    return Stream.of(
        new Bad("second operator", "a=b=c", "found '=', expected: ',' or 'end of string'"),
        new Bad("trailing comma", "a,", "found '', expected: identifier after ','"),
        new Bad("leading operator", "=a", "found '=', expected: !, identifier, or 'end of string'"),
        new Bad("missing operator", "a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
        new Bad("set without parenthesis", "a in x", "unable to parse requirement: found 'x' expected: '('"),
        new Bad("unterminated set", "a in (x", "unable to parse requirement: found '', expected: ',' or ')'"),
        new Bad("not without key", "!", "unable to parse requirement: found '', expected: identifier"),
        new Bad("invalid value", "a=b$", "unable to parse requirement: values[0][a]: Invalid value: \"b$\": a valid label "
            + "must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
            + "an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
            + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
        new Bad("invalid key", "-a", "unable to parse requirement: <nil>: Invalid value: \"-a\": name part must consist of "
            + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
            + "'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
        new Bad("key with two slashes", "a/b/c", "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified "
            + "name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
            + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. "
            + "'example.com/MyName')"),
        new Bad("gt needs an integer", "a>x", "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' "
            + "operators, the value must be an integer"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorCases")
  void rejectsWithTheServersMessage(Bad c) {
    SelectorException e = assertThrows(SelectorException.class, () -> LabelSelector.parse(c.selector()));
    assertEquals(c.message(), e.getMessage());
  }

  @Test
  void requirementsAreSortedByKeyAndPrintLikeGo() {
    LabelSelector s = LabelSelector.parse("z in (b,a,a), !y, x!=1, w, v>2");
    assertEquals("v>2,w,x!=1,!y,z in (a,b)", s.toString());
    assertEquals(LabelSelector.Operator.IN, s.requirements().get(4).operator());
  }

  /** TestSelectorParse of apimachinery's selector_test.go: these re-print without their spaces. */
  @ParameterizedTest(name = "\"{0}\"")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ",
      "!x", "x>1", "x>1,z<5"})
  void goGoodStringsRoundTrip(String selector) {
    assertEquals(selector.replace(" ", ""), LabelSelector.parse(selector).toString());
  }

  /** TestSelectorParse and TestSetSelectorParser of apimachinery's selector_test.go: these must not parse. */
  @ParameterizedTest(name = "\"{0}\"")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"x=a||y=b", "x==a==b", "!x=a", "x<a", "x,,y", ",x,y", "x nott in (y)",
      "a in (xyz),", "a in (xyz)b notin ()", "a in (xyz abc)", "a notin(", "a (", "("})
  void goBadStringsFail(String selector) {
    assertThrows(SelectorException.class, () -> LabelSelector.parse(selector));
  }

  /** TestSetSelectorParser's valid inputs, with their canonical form. */
  @ParameterizedTest(name = "\"{0}\"")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "'\rx'|x",
      "this-is-a-dns.domain.com/key-with-dash|this-is-a-dns.domain.com/key-with-dash",
      "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)|0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)",
      "'foo  in\t (abc)'|foo in (abc)",
      "x in (abc,)|x in (,abc)",
      "'x notin (abc,,def),bar,z in (),w'|bar,w,x notin (,abc,def),z in ()",
      "x notin ( )|x notin ()",
      "'x notin (, a)'|x notin (,a)",
      "'a '|a",
      "'a in (x,y,notin, z,in)'|a in (in,notin,x,y,z)"})
  void goSetSelectorsParse(String selector, String canonical) {
    assertEquals(canonical, LabelSelector.parse(selector.replace("\\r", "\r").replace("\\t", "\t")).toString());
  }

  @Test
  void goDocExampleParses() {
    LabelSelector s = LabelSelector.parse("x in (foo,,baz),y,z notin ()");
    assertEquals("x in (,baz,foo),y,z notin ()", s.toString());
    assertTrue(s.matches(Map.of("x", "", "y", "1")));
    assertFalse(s.matches(Map.of("x", "foo", "y", "1", "z", "")));
  }

  @Test
  void everythingMatchesEverything() {
    assertTrue(LabelSelector.everything().matches(Map.of()));
    assertTrue(LabelSelector.everything().matches(null));
    assertTrue(LabelSelector.parse("   ").isEmpty());
    assertFalse(LabelSelector.parse("a").matches(null));
  }
}
