// The Lease timings of the scenarios' single operator replicas (store outages, load). With the defaults (renew
// deadline 10 s, retry 2 s, a Lease request given 4 s) three such operators lost their Lease on their own in a
// `test:faults` run whose scenarios ran at the same time, because the apiserver answered too slowly, and exited:
// in a cluster their Deployment would restart them, here nothing does and the scenario hangs. A lone replica has no
// standby to hand over to, so a longer renew deadline changes nothing it measures.
export const SINGLE_REPLICA_LEASE = ["--leader-election-lease-duration", "60", "--leader-election-renew-deadline", "45"];
