package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import java.io.IOException;

/** A lock that is never reached: for tests of validation and state, which make no lock calls. */
final class FakeLock implements ResourceLock {
  private final String identity;

  FakeLock(String identity) {
    this.identity = identity;
  }

  @Override
  public LeaderElectionRecord get(Context context) throws IOException, ApiException {
    throw new IOException("FakeLock is not reachable");
  }

  @Override
  public void create(Context context, LeaderElectionRecord record) throws IOException {
    throw new IOException("FakeLock is not reachable");
  }

  @Override
  public void update(Context context, LeaderElectionRecord record) throws IOException {
    throw new IOException("FakeLock is not reachable");
  }

  @Override
  public String describe() {
    return "foo/bar";
  }

  @Override
  public String identity() {
    return identity;
  }
}
