package io.kubeloop.examples.vm.backend;

import io.kubeloop.core.api.Json;
import io.kubeloop.core.clock.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link InMemoryVmBackend} kept in a JSON file that several processes share: what lets three
 * {@code vm-controller} processes in three terminals (or one process restarted) see the same servers, so "exactly
 * one server per VM" holds across restarts and leader changes, as it would with a real cloud.
 *
 * <p>Each call takes an exclusive lock on {@code <file>.lock} (a {@link FileLock}, so it excludes other processes),
 * loads the state, runs the in-memory backend's logic, and writes the state back atomically (write a temporary
 * file, then rename). Latency and failures are those of the in-memory backend's options.
 *
 * <p>Thread-safe within a process too: calls are serialised on this object as well as on the file lock.
 */
public final class FileVmBackend implements VmBackend {
  private final Path file;
  private final Path lockFile;
  private final InMemoryVmBackend memory;

  public FileVmBackend(Path file, Clock clock, InMemoryVmBackend.Options options) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.memory = new InMemoryVmBackend(clock, options);
    try {
      Files.createDirectories(this.file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of backend state " + file + ": " + e.getMessage()
          + "; choose a writable path", e);
    }
  }

  /** One backend call under the file lock. */
  private interface Call<T> {
    T run(InMemoryVmBackend backend) throws BackendException, InterruptedException;
  }

  /**
   * A file lock belongs to the whole JVM (a second lock from the same JVM throws), so instances in one process on
   * the same file also share a monitor.
   */
  private static final java.util.concurrent.ConcurrentHashMap<Path, Object> MONITORS = new java.util.concurrent.ConcurrentHashMap<>();

  private <T> T locked(Call<T> call) throws BackendException, InterruptedException {
    synchronized (MONITORS.computeIfAbsent(file, f -> new Object())) {
      synchronized (this) {
        return lockedInProcess(call);
      }
    }
  }

  private <T> T lockedInProcess(Call<T> call) throws BackendException, InterruptedException {
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      if (Files.exists(file)) {
        memory.restore(Json.read(Files.readString(file, StandardCharsets.UTF_8), InMemoryVmBackend.State.class));
      }
      try {
        return call.run(memory);
      } finally {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Json.write(memory.state()), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new BackendException("backend state " + file + " unreadable or unwritable: " + e.getMessage());
    }
  }

  @Override
  public Optional<Server> exists(String vmUid) throws BackendException, InterruptedException {
    return locked(b -> b.exists(vmUid));
  }

  @Override
  public Server create(ServerRequest request) throws BackendException, InterruptedException {
    return locked(b -> b.create(request));
  }

  @Override
  public void delete(String serverId) throws BackendException, InterruptedException {
    locked(b -> {
      b.delete(serverId);
      return null;
    });
  }

  @Override
  public Optional<Server> status(String serverId) throws BackendException, InterruptedException {
    return locked(b -> b.status(serverId));
  }

  /** The servers in the file now. */
  public InMemoryVmBackend.State state() throws BackendException, InterruptedException {
    return locked(InMemoryVmBackend::state);
  }

  @Override
  public String toString() {
    return "FileVmBackend[" + file + "]";
  }
}
