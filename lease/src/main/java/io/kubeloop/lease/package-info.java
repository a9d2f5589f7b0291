/**
 * Java counterpart of client-go {@code tools/leaderelection} and {@code tools/leaderelection/resourcelock}:
 * deciding which replica of a controller works.
 *
 * <p>Read in this order: {@link io.kubeloop.lease.LeaderElectionRecord} (what is stored),
 * {@link io.kubeloop.lease.ResourceLock} and {@link io.kubeloop.lease.LeaseLock} (where it is stored),
 * {@link io.kubeloop.lease.LeaseTiming} and {@link io.kubeloop.lease.LeaderElectionConfig} (validated settings),
 * {@link io.kubeloop.lease.LeaderElector} (the loop: acquire, renew, release), {@link io.kubeloop.lease.LeaseGuard}
 * (beyond client-go: "is my lease still certainly mine?"), {@link io.kubeloop.lease.LeaderHealthzAdaptor} and
 * {@link io.kubeloop.lease.LeaderElection} (run it once, or stand again after losing).
 *
 * <p>Interoperability: a kubeloop elector and a client-go elector can share one Lease; both write the same spec
 * fields and judge expiry the same way (by the local time at which the record was last seen to change).
 */
package io.kubeloop.lease;
