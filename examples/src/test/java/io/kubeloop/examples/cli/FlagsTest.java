package io.kubeloop.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlagsTest {
  private final Flags flags = new Flags("demo", "A test command.");
  private final Flags.Flag<String> name = flags.string("lease-lock-name", "", "the lease name");
  private final Flags.Flag<Boolean> elect = flags.bool("leader-elect", true, "elect a leader");
  private final Flags.Flag<Integer> threads = flags.integer("threads", 2, "workers");
  private final Flags.Flag<Duration> lease = flags.duration("lease-duration", Duration.ofSeconds(60), "lease");

  @Test
  void defaultsApplyWhenAbsent() throws Exception {
    flags.parse();
    assertEquals("", name.get());
    assertTrue(elect.get());
    assertEquals(2, threads.get());
    assertEquals(Duration.ofSeconds(60), lease.get());
    assertFalse(name.isSet());
  }

  @Test
  void acceptsEqualsAndSpaceFormsWithOneOrTwoDashes() throws Exception {
    flags.parse("--lease-lock-name=a", "-threads", "5", "--lease-duration", "1m30s", "--leader-elect=false", "rest");
    assertEquals("a", name.get());
    assertEquals(5, threads.get());
    assertEquals(Duration.ofSeconds(90), lease.get());
    assertFalse(elect.get());
    assertEquals(List.of("rest"), flags.args());
  }

  @Test
  void aBareBooleanIsTrueAndDoesNotEatTheNextArgument() throws Exception {
    flags.parse("--leader-elect", "false");
    assertTrue(elect.get());
    assertEquals(List.of("false"), flags.args());
  }

  @Test
  void unknownFlagNamesItAndTheFix() {
    FlagException e = assertThrows(FlagException.class, () -> flags.parse("--lease_lock_name=x"));
    assertEquals("unknown flag --lease_lock_name for demo; run 'demo --help' to list its flags"
        + " (did you mean --lease-lock-name?)", e.getMessage());
  }

  @Test
  void badValueNamesFlagValueAndShape() {
    FlagException e = assertThrows(FlagException.class, () -> flags.parse("--lease-duration=60"));
    assertTrue(e.getMessage().startsWith("invalid value \"60\" for flag --lease-duration: invalid duration \"60\""),
        e.getMessage());
    FlagException n = assertThrows(FlagException.class, () -> flags.parse("--threads=two"));
    assertEquals("invalid value \"two\" for flag --threads: \"two\" is not a whole number", n.getMessage());
  }

  @Test
  void missingValueSaysHowToGiveIt() {
    FlagException e = assertThrows(FlagException.class, () -> flags.parse("--threads"));
    assertEquals("flag --threads needs a value (int); write --threads=<int>", e.getMessage());
  }

  @Test
  void helpCarriesUsageWithGoStyleDefaults() {
    HelpRequested h = assertThrows(HelpRequested.class, () -> flags.parse("-h"));
    assertTrue(h.usage().contains("--lease-duration duration"), h.usage());
    assertTrue(h.usage().contains("(default 1m0s)"), h.usage());
    assertTrue(h.usage().contains("(default true)"), h.usage());
  }

  @Test
  void requireNoArgsNamesTheStrayArgumentAndTheBooleanFix() throws Exception {
    flags.parse("--leader-elect", "false", "--threads", "4");
    assertEquals(List.of("false", "--threads", "4"), flags.args());
    assertEquals("unexpected argument \"false\" (and the 2 after it); demo takes only flags, and a boolean flag takes "
        + "its value after '=': write --leader-elect=false",
        assertThrows(FlagException.class, flags::requireNoArgs).getMessage());

    Flags other = new Flags("demo", "A test command.");
    other.string("lease-lock-name", "", "the lease name");
    other.parse("--lease-lock-name", "a", "b");
    assertEquals("unexpected argument \"b\"; demo takes only flags",
        assertThrows(FlagException.class, other::requireNoArgs).getMessage());

    Flags none = new Flags("demo", "A test command.");
    none.parse("--", "x");
    assertEquals("unexpected argument \"x\"; demo takes only flags",
        assertThrows(FlagException.class, none::requireNoArgs).getMessage());
    new Flags("demo", "A test command.").parse().requireNoArgs();
  }
}
