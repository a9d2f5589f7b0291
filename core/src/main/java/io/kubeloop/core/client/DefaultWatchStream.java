package io.kubeloop.core.client;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.Json;
import io.kubeloop.core.api.WatchEvent;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;

/**
 * The events of one watch response, decoded one at a time from the live body: the Java counterpart of client-go's
 * {@code watch.StreamWatcher} ({@code apimachinery/pkg/watch/streamwatcher.go}) with the JSON framer of
 * {@code runtime/serializer/json} (a reader of consecutive top-level JSON values; newlines are not relied on).
 *
 * <ol>
 *   <li>{@link #next()} reads exactly one JSON value from the body with Jackson's streaming parser, blocking until
 *       its last byte arrives, and decodes it with {@link WatchDecoder}. Nothing is read ahead beyond the
 *       parser's buffer, so a stream that never ends works. The parser is created on the first call, since
 *       creating it reads the first bytes.
 *   <li>The server's normal end of stream, and an end in the middle of an event (an unexpected EOF, which
 *       client-go also treats as the end), return {@code null}.
 *   <li>Bytes that are not JSON, or a JSON value that is not a watch event, produce one ERROR event with a 500
 *       Status (client-go commit cd12199de: report, don't swallow); the stream then ends.
 *   <li>A broken connection throws {@link IOException}, unless the stream was closed, which explains it.
 * </ol>
 *
 * <p>Differences from client-go: events are pulled by the reader instead of pushed into a channel by a goroutine,
 * so there is no decoding thread; a broken connection is an {@code IOException} instead of a silent close.
 *
 * <p>One thread reads; any thread may {@link #close()}, which closes the body and with it aborts the exchange, and
 * unblocks a {@code next()} in progress.
 */
final class DefaultWatchStream<T> implements WatchStream<T> {
  private static final System.Logger LOG = System.getLogger(DefaultWatchStream.class.getName());
  private static final ObjectReader FRAMES = Json.reader(JsonNode.class);

  private final String description;
  private final InputStream body;
  private final WatchDecoder<T> decoder;
  private final Context.Registration contextRegistration;
  /** Set once by {@link #close()}, from any thread. */
  private volatile boolean closed;
  /** Reader thread only. */
  private JsonParser parser;
  /** Reader thread only: the stream ended (end of body or a decode error). */
  private boolean ended;

  DefaultWatchStream(String description, InputStream body, Class<T> type, Context context) {
    this.description = description;
    this.body = body;
    this.decoder = new WatchDecoder<>(type);
    this.contextRegistration = context.onCancel(this::close);
  }

  /** A watch that has already ended: what client-go's {@code Request.Watch} returns when retries for a dropped
   * connection ran out, so that the caller simply watches again. */
  static <T> WatchStream<T> empty() {
    return new WatchStream<>() {
      @Override
      public WatchEvent<T> next() {
        return null;
      }

      @Override
      public void close() {}

      @Override
      public String toString() {
        return "WatchStream[empty]";
      }
    };
  }

  @Override
  public WatchEvent<T> next() throws IOException {
    if (closed || ended) {
      return null;
    }
    JsonNode frame;
    try {
      if (parser == null) {
        parser = FRAMES.createParser(body);
      }
      JsonToken token = parser.nextToken();
      if (token == null) {
        return end("end of stream");
      }
      frame = FRAMES.readValue(parser);
    } catch (JsonEOFException e) {
      return closed ? null : end("unexpected end of stream inside an event: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      if (closed) {
        return null;
      }
      return fail(e.getOriginalMessage());
    } catch (IOException e) {
      if (closed) {
        return null;
      }
      close();
      throw new IOException(description + ": watch stream broken: " + e.getMessage(), e);
    }
    if (frame == null) {
      return end("end of stream");
    }
    try {
      return decoder.decode(frame);
    } catch (WatchDecoder.DecodeException e) {
      return fail(e.getMessage());
    }
  }

  private WatchEvent<T> end(String why) {
    LOG.log(Level.DEBUG, () -> "watch ended request=" + description + " reason=" + why);
    ended = true;
    close();
    return null;
  }

  private WatchEvent<T> fail(String problem) {
    LOG.log(Level.WARNING, () -> "unable to decode an event from the watch stream request=" + description
        + " problem=" + problem);
    ended = true;
    close();
    return WatchDecoder.decodeError(problem);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (contextRegistration != null) { // null when the context was already cancelled during construction
      contextRegistration.remove();
    }
    try {
      body.close();
    } catch (IOException ignored) {
      // closing aborts the exchange; there is nothing more to do if that fails
    }
  }

  @Override
  public String toString() {
    return "WatchStream[" + description + (closed ? ", closed" : "") + "]";
  }
}
