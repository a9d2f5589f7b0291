package io.kubeloop.core.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Java counterpart of apimachinery's {@code metav1.MicroTime}: RFC 3339 in UTC with exactly six fraction digits
 * ({@code "2024-05-01T10:11:12.123456Z"}), the layout the API server requires for Lease {@code acquireTime} and
 * {@code renewTime} (it rejects other precisions with 400). Use on a field with
 * {@code @JsonSerialize(using = MicroTime.Serializer.class) @JsonDeserialize(using = MicroTime.Deserializer.class)}.
 *
 * <p>Difference from Go: parsing is lenient (any RFC 3339 fraction and offset), because a client should read what
 * any server wrote; writing is exact.
 */
public final class MicroTime {
  private static final DateTimeFormatter LAYOUT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private MicroTime() {}

  /** {@code t} in the MicroTime layout, truncated to microseconds. */
  public static String format(Instant t) {
    return LAYOUT.format(t.truncatedTo(ChronoUnit.MICROS));
  }

  /** Parses any RFC 3339 time. */
  public static Instant parse(String text) throws IOException {
    return KubeTime.parse(text, "MicroTime");
  }

  /** Writes an {@link Instant} as MicroTime. */
  public static final class Serializer extends StdScalarSerializer<Instant> {
    public Serializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(format(value));
    }
  }

  /** Reads an {@link Instant} from MicroTime (or any RFC 3339 time). */
  public static final class Deserializer extends StdScalarDeserializer<Instant> {
    public Deserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      return text == null || text.isEmpty() ? null : parse(text);
    }
  }
}
