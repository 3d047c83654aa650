//! CPU time of the calling thread, for the bench examples: on a shared machine it is the
//! honest single-threaded cost of a fit, where wall time also counts waiting for a core.

#![allow(dead_code)]

/// CPU seconds this thread has run (Linux `/proc/thread-self/schedstat`, nanoseconds); NaN
/// where unavailable.
pub fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e9)
}
