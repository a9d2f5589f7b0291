package io.kubeloop.core.client;

import io.kubeloop.core.api.EventType;
import io.kubeloop.core.api.Json;
import io.kubeloop.core.api.Status;
import io.kubeloop.core.api.WatchEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.List;

/**
 * Decodes one frame of a watch stream, {@code {"type": ..., "object": ...}}, into a {@link WatchEvent}: the Java
 * counterpart of apimachinery's {@code watch.Decoder} for {@code metav1.WatchEvent} ({@code rest/watch/decoder.go}).
 * ERROR frames carry a {@link Status}; every other type an object of the watched resource.
 *
 * <p>A frame that cannot be decoded throws {@link DecodeException} with client-go's wording
 * ({@code got invalid watch event type: X}); {@link #decodeError} turns it into the ERROR event the stream reports.
 */
final class WatchDecoder<T> {
  private final ObjectReader objects;
  private final Class<T> type;

  WatchDecoder(Class<T> type) {
    this.type = type;
    this.objects = Json.reader(type);
  }

  WatchEvent<T> decode(JsonNode frame) throws DecodeException {
    if (!frame.isObject()) {
      throw new DecodeException("expected a JSON object for a watch event but got " + frame.getNodeType());
    }
    String typeName = frame.path("type").asText("");
    EventType eventType;
    try {
      eventType = EventType.valueOf(typeName);
    } catch (IllegalArgumentException e) {
      throw new DecodeException("got invalid watch event type: " + typeName);
    }
    JsonNode object = frame.get("object");
    if (object == null || !object.isObject()) {
      throw new DecodeException("watch event of type " + typeName + " has no object");
    }
    try {
      if (eventType == EventType.ERROR) {
        return WatchEvent.error(Json.reader(Status.class).readValue(object));
      }
      return WatchEvent.of(eventType, objects.<T>readValue(object));
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("cannot decode the object of a " + typeName + " event as " + type.getSimpleName()
          + ": " + e.getMessage());
    }
  }

  /**
   * The ERROR event client-go's {@code StreamWatcher} sends for a stream it cannot decode: code 500, reason
   * InternalError, message {@code unable to decode an event from the watch stream: <problem>} and a cause of type
   * {@code ClientWatchDecoding}.
   */
  static <T> WatchEvent<T> decodeError(String problem) {
    Status.Details details = new Status.Details(null, null, null, null,
        List.of(new Status.Cause("ClientWatchDecoding", problem, null, null)), null, null);
    return WatchEvent.error(new Status("v1", "Status", null, "Failure",
        "unable to decode an event from the watch stream: " + problem, "InternalError", details, 500, null));
  }

  /** A frame that is valid JSON but not a valid watch event. */
  static final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    DecodeException(String message) {
      super(message);
    }
  }
}
