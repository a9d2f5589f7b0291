package io.kubeloop.core.record;

/**
 * How the caches of the record package build their string keys. client-go joins the fields with no separator
 * ({@code strings.Join(fields, "")}), so {@code "ab","c"} and {@code "a","bc"} collide; here a NUL separates them.
 * A missing field counts as empty, as an unset Go string does.
 */
final class Keys {
  private Keys() {}

  private static final EventSource NO_SOURCE = new EventSource(null, null, null);

  /** The event's source, or an empty one (an Event read back from a server may lack it). */
  static EventSource source(Event e) {
    return e.source() == null ? NO_SOURCE : e.source();
  }

  static String join(String... fields) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        b.append('\u0000');
      }
      if (fields[i] != null) {
        b.append(fields[i]);
      }
    }
    return b.toString();
  }
}
