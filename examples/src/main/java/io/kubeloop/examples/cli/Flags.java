package io.kubeloop.examples.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A small counterpart of Go's {@code flag} package, enough for the examples to take the same flags as their Go
 * originals: {@code --name=value} and {@code --name value} (one or two dashes), booleans as {@code --name} or
 * {@code --name=false}, and Go durations ({@code 60s}, {@code 1500ms}, {@code 1m30s}).
 *
 * <pre>{@code
 * Flags flags = new Flags("leader-election", "Runs client-go's leader-election example.");
 * Flags.Flag<Duration> leaseDuration = flags.duration("lease-duration", Duration.ofSeconds(60), "...");
 * flags.parse(args);        // FlagException for bad input, HelpRequested for -h
 * leaseDuration.get();
 * }</pre>
 *
 * <p>Differences from Go: parsing stops at {@code --} only (Go also stops at the first non-flag argument, and so
 * does this parser: the rest are {@link #args()}); a boolean never consumes the next argument, as in Go.
 * Not thread-safe: define, parse, then read from one thread.
 */
public final class Flags {
  private final String command;
  private final String description;
  private final Map<String, Flag<?>> flags = new LinkedHashMap<>();
  private final List<String> args = new ArrayList<>();
  /** The boolean flag given without '=' just before the first argument that is not a flag, if any. */
  private String bareBooleanBeforeArgs;

  public Flags(String command, String description) {
    this.command = Objects.requireNonNull(command, "command");
    this.description = Objects.requireNonNull(description, "description");
  }

  /** One defined flag; {@link #get()} is its default until {@link Flags#parse} sets it. */
  public static final class Flag<T> {
    private final String name;
    private final String usage;
    private final String typeName;
    private final T defaultValue;
    private final Function<String, T> parser;
    private T value;
    private boolean set;

    private Flag(String name, String typeName, T defaultValue, String usage, Function<String, T> parser) {
      this.name = name;
      this.typeName = typeName;
      this.defaultValue = defaultValue;
      this.usage = usage;
      this.parser = parser;
      this.value = defaultValue;
    }

    public String name() {
      return name;
    }

    public T get() {
      return value;
    }

    /** Whether the command line gave this flag (as opposed to its default applying). */
    public boolean isSet() {
      return set;
    }
  }

  public Flag<String> string(String name, String defaultValue, String usage) {
    return define(new Flag<>(name, "string", defaultValue, usage, s -> s));
  }

  public Flag<Boolean> bool(String name, boolean defaultValue, String usage) {
    return define(new Flag<>(name, "", defaultValue, usage, Flags::parseBool));
  }

  public Flag<Integer> integer(String name, int defaultValue, String usage) {
    return define(new Flag<>(name, "int", defaultValue, usage, s -> {
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("\"" + s + "\" is not a whole number");
      }
    }));
  }

  public Flag<Duration> duration(String name, Duration defaultValue, String usage) {
    return define(new Flag<>(name, "duration", defaultValue, usage, GoDuration::parse));
  }

  private <T> Flag<T> define(Flag<T> flag) {
    if (flags.putIfAbsent(flag.name, flag) != null) {
      throw new IllegalStateException("flag --" + flag.name + " is defined twice for " + command);
    }
    return flag;
  }

  private static Boolean parseBool(String s) {
    // Go's strconv.ParseBool.
    switch (s) {
      case "1": case "t": case "T": case "true": case "TRUE": case "True":
        return true;
      case "0": case "f": case "F": case "false": case "FALSE": case "False":
        return false;
      default:
        throw new IllegalArgumentException("\"" + s + "\" is not a boolean; use true or false");
    }
  }

  /**
   * Reads {@code argv}. Arguments after the flags (or after {@code --}) are kept in {@link #args()}.
   *
   * @throws FlagException for an unknown flag, a missing value, or a value that does not parse
   * @throws HelpRequested for {@code -h}, {@code -help} or {@code --help}
   */
  public Flags parse(String... argv) throws FlagException, HelpRequested {
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if (arg.equals("--")) {
        args.addAll(List.of(argv).subList(i + 1, argv.length));
        return this;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        args.addAll(List.of(argv).subList(i, argv.length));
        bareBooleanBeforeArgs = i > 0 ? bareBoolean(argv[i - 1]) : null;
        return this;
      }
      String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      if (name.equals("h") || name.equals("help")) {
        throw new HelpRequested(usage());
      }
      Flag<?> flag = flags.get(name);
      if (flag == null) {
        throw new FlagException("unknown flag --" + name + " for " + command + "; run '" + command
            + " --help' to list its flags" + suggestion(name));
      }
      String value;
      if (eq >= 0) {
        value = body.substring(eq + 1);
      } else if (flag.typeName.isEmpty()) {
        value = "true";
      } else if (i + 1 < argv.length) {
        value = argv[++i];
      } else {
        throw new FlagException("flag --" + name + " needs a value (" + flag.typeName + "); write --" + name
            + "=<" + flag.typeName + ">");
      }
      set(flag, value);
    }
    return this;
  }

  private static <T> void set(Flag<T> flag, String value) throws FlagException {
    try {
      flag.value = flag.parser.apply(value);
      flag.set = true;
    } catch (IllegalArgumentException e) {
      throw new FlagException("invalid value \"" + value + "\" for flag --" + flag.name + ": " + e.getMessage());
    }
  }

  private String suggestion(String name) {
    for (String known : flags.keySet()) {
      if (known.replace("-", "").equalsIgnoreCase(name.replace("-", "").replace("_", ""))) {
        return " (did you mean --" + known + "?)";
      }
    }
    return "";
  }

  private String bareBoolean(String arg) {
    if (!arg.startsWith("-") || arg.contains("=")) {
      return null;
    }
    Flag<?> flag = flags.get(arg.startsWith("--") ? arg.substring(2) : arg.substring(1));
    return flag != null && flag.typeName.isEmpty() ? flag.name : null;
  }

  /**
   * For commands that take only flags: fails if {@link #parse} stopped at an argument that is not a flag, since
   * everything from there on would otherwise be ignored without a word ({@code --leader-elect false --threads 4}
   * leaves leader election on and the threads at their default).
   *
   * @throws FlagException naming the argument, and for {@code --flag value} after a boolean, the {@code =} form
   */
  public void requireNoArgs() throws FlagException {
    if (args.isEmpty()) {
      return;
    }
    int after = args.size() - 1;
    String message = "unexpected argument \"" + args.get(0) + "\"" + (after == 0 ? "" : " (and the " + after
        + " after it)") + "; " + command + " takes only flags";
    if (bareBooleanBeforeArgs != null) {
      message += ", and a boolean flag takes its value after '=': write --" + bareBooleanBeforeArgs + "="
          + args.get(0);
    }
    throw new FlagException(message);
  }

  /** The arguments left after the flags. */
  public List<String> args() {
    return Collections.unmodifiableList(args);
  }

  /** Go-style usage: the command, its description, then each flag with its type, default and help. */
  public String usage() {
    StringBuilder out = new StringBuilder("Usage of ").append(command).append(":\n");
    out.append("  ").append(description.replace("\n", "\n  ")).append("\n\nFlags:\n");
    for (Flag<?> f : flags.values()) {
      out.append("  --").append(f.name);
      if (!f.typeName.isEmpty()) {
        out.append(' ').append(f.typeName);
      }
      out.append("\n    \t").append(f.usage);
      String def = defaultText(f);
      if (!def.isEmpty()) {
        out.append(" (default ").append(def).append(')');
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String defaultText(Flag<?> f) {
    Object d = f.defaultValue;
    if (d == null || Boolean.FALSE.equals(d)) {
      return "";
    }
    if (d instanceof Duration duration) {
      return GoDuration.format(duration);
    }
    if (d instanceof String s) {
      return s.isEmpty() ? "" : "\"" + s + "\"";
    }
    return String.valueOf(d);
  }
}
