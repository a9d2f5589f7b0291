package io.kubeloop.core.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * {@code metav1.Time} on the wire: RFC 3339 in UTC with second precision ({@code "2024-05-01T10:11:12Z"}).
 * Sub-second parts are truncated on output, as Go's {@code metav1.Time} marshals them. Input accepts any RFC 3339
 * offset and fraction, which is what the API server may send.
 */
final class KubeTime {
  private KubeTime() {}

  static String format(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static Instant parse(String text, String what) throws IOException {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IOException("cannot parse " + what + " \"" + text + "\" as an RFC 3339 time such as 2024-05-01T10:11:12Z", e);
    }
  }

  static final class Serializer extends StdScalarSerializer<Instant> {
    Serializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(format(value));
    }
  }

  static final class Deserializer extends StdScalarDeserializer<Instant> {
    Deserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      return text == null || text.isEmpty() ? null : parse(text, "time");
    }
  }
}
