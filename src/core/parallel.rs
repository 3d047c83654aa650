//! Work spread over threads, with results that never depend on how many.
//!
//! [`Parallelism`] is the explicit setting (`--threads N` natively; one thread in a wasm
//! worker, where the browser's parallelism comes from several workers instead). Its helpers
//! only ever run *independent* pieces of work side by side and hand their results back in the
//! pieces' order, so the caller reduces them in a fixed order:
//!
//! * [`Parallelism::map`]: one result per item (row blocks, classes, columns), items split
//!   into contiguous groups, one group per thread, each thread with its own scratch state.
//! * [`Parallelism::run_tasks`]: uneven tasks (the trees of a forest, tuning candidates)
//!   pulled from a shared counter, with progress reported on the calling thread in task order
//!   and cancellation.
//!
//! Work is cut into pieces whose boundaries depend on the data only (fixed row blocks, one
//! piece per class or per tree), never on the thread count: that is what keeps a model the
//! same, bit for bit, with 1 or 8 threads.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Rows per block of row-parallel passes (gradients, scores, predictions). Fixed, so that
/// block-ordered reductions give the same sums whatever the thread count.
pub const ROW_BLOCK: usize = 1 << 14;

/// Most threads a computation may use.
pub const MAX_THREADS: usize = 256;

/// How many threads a computation may use. Results never depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Parallelism {
    threads: usize,
}

impl Default for Parallelism {
    fn default() -> Self {
        Parallelism::ONE
    }
}

impl Parallelism {
    /// Everything on the calling thread.
    pub const ONE: Parallelism = Parallelism { threads: 1 };

    /// Up to `n` threads (at least 1, at most [`MAX_THREADS`]). Where threads cannot be
    /// spawned (wasm32) work stays on the calling thread.
    pub fn threads(n: usize) -> Parallelism {
        Parallelism { threads: n.clamp(1, MAX_THREADS) }
    }

    /// Every core of the machine (one where threads are not available).
    pub fn all_cores() -> Parallelism {
        Parallelism::threads(std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    /// Threads work may be spread over (1 on wasm32).
    pub fn get(self) -> usize {
        if cfg!(target_arch = "wasm32") {
            1
        } else {
            self.threads
        }
    }

    /// `f(state, index, item)` for every item, in contiguous groups (one per thread, each
    /// thread with its own `states[g]`); the results in item order. At most `states.len()`
    /// threads are used, so callers keep per-thread scratch memory across calls.
    pub fn map_with<S, T, R, F>(self, states: &mut [S], items: Vec<T>, f: F) -> Vec<R>
    where
        S: Send,
        T: Send,
        R: Send,
        F: Fn(&mut S, usize, T) -> R + Sync,
    {
        assert!(!states.is_empty(), "map_with needs at least one state");
        let groups = self.get().min(states.len()).min(items.len());
        if groups <= 1 {
            let state = &mut states[0];
            return items.into_iter().enumerate().map(|(i, item)| f(state, i, item)).collect();
        }
        let per = items.len().div_ceil(groups);
        let mut chunks: Vec<Vec<(usize, T)>> = Vec::with_capacity(groups);
        let mut items = items.into_iter().enumerate().peekable();
        while items.peek().is_some() {
            chunks.push(items.by_ref().take(per).collect());
        }
        let f = &f;
        std::thread::scope(|scope| {
            let mut handles = Vec::with_capacity(chunks.len());
            let mut own = None;
            for (g, (chunk, state)) in chunks.into_iter().zip(states.iter_mut()).enumerate() {
                let work = move || chunk.into_iter().map(|(i, item)| f(state, i, item)).collect::<Vec<R>>();
                if g == 0 {
                    own = Some(work);
                } else {
                    handles.push(scope.spawn(work));
                }
            }
            let mut out = own.map(|work| work()).unwrap_or_default();
            for h in handles {
                out.extend(h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
            }
            out
        })
    }

    /// `f(index, item)` for every item, spread over the threads; the results in item order.
    pub fn map<T, R, F>(self, items: Vec<T>, f: F) -> Vec<R>
    where
        T: Send,
        R: Send,
        F: Fn(usize, T) -> R + Sync,
    {
        let mut states = vec![(); self.get()];
        self.map_with(&mut states, items, |_, i, item| f(i, item))
    }

    /// Runs tasks `0..n` (each with its thread's state from `init`), pulling them from a shared
    /// counter so uneven tasks balance. `done(finished, result)` runs on the calling thread
    /// for every task in index order (`finished` = tasks done so far); returning `false`
    /// cancels: no new task starts and `None` is returned. Otherwise the results in task order.
    pub fn run_tasks<S, R, I, F, D>(self, n: usize, init: I, task: F, mut done: D) -> Option<Vec<R>>
    where
        R: Send,
        I: Fn() -> S + Sync,
        F: Fn(&mut S, usize) -> R + Sync,
        D: FnMut(usize, &R) -> bool,
    {
        let threads = self.get().min(n);
        if threads <= 1 {
            let mut state = init();
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                let r = task(&mut state, i);
                if !done(i + 1, &r) {
                    return None;
                }
                out.push(r);
            }
            return Some(out);
        }
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let (tx, rx) = std::sync::mpsc::channel::<(usize, R)>();
        let (init, task, next_ref, stop_ref) = (&init, &task, &next, &stop);
        std::thread::scope(|scope| {
            for _ in 0..threads {
                let tx = tx.clone();
                scope.spawn(move || {
                    let mut state = init();
                    loop {
                        if stop_ref.load(Ordering::Relaxed) {
                            break;
                        }
                        let i = next_ref.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            break;
                        }
                        let r = task(&mut state, i);
                        if tx.send((i, r)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(tx);
            let mut slots: Vec<Option<R>> = (0..n).map(|_| None).collect();
            let mut finished = 0;
            while finished < n {
                // A worker that panicked closes its sender: the scope re-raises its panic.
                let Ok((i, r)) = rx.recv() else { break };
                slots[i] = Some(r);
                while finished < n {
                    let Some(r) = &slots[finished] else { break };
                    if !done(finished + 1, r) {
                        stop.store(true, Ordering::Relaxed);
                        return None;
                    }
                    finished += 1;
                }
            }
            if finished < n {
                return None;
            }
            Some(slots.into_iter().map(|r| r.expect("every task finished")).collect())
        })
    }
}

/// `0..n` cut into `parts` consecutive ranges whose lengths differ by at most one.
pub fn even_ranges(n: usize, parts: usize) -> Vec<std::ops::Range<usize>> {
    let parts = parts.max(1);
    let (base, extra) = (n / parts, n % parts);
    let mut start = 0;
    (0..parts)
        .map(|i| {
            let len = base + usize::from(i < extra);
            let r = start..start + len;
            start += len;
            r
        })
        .collect()
}

/// `slice` cut into consecutive blocks of `block` items (the last may be shorter).
pub fn blocks_mut<T>(slice: &mut [T], block: usize) -> Vec<&mut [T]> {
    slice.chunks_mut(block.max(1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_item_order_for_any_thread_count() {
        for t in [1, 2, 3, 8] {
            let out = Parallelism::threads(t).map((0..100).collect(), |i, x: u64| (i as u64) * 1000 + x * x);
            assert_eq!(out, (0..100u64).map(|x| x * 1000 + x * x).collect::<Vec<_>>());
        }
    }

    #[test]
    fn run_tasks_reports_in_order_and_cancels() {
        for t in [1, 2, 4] {
            let mut seen = Vec::new();
            let out = Parallelism::threads(t).run_tasks(
                50,
                || 0u64,
                |calls, i| {
                    *calls += 1;
                    i * 2
                },
                |finished, &r| {
                    seen.push((finished, r));
                    true
                },
            );
            assert_eq!(out.unwrap(), (0..50).map(|i| i * 2).collect::<Vec<_>>());
            assert_eq!(seen, (0..50).map(|i| (i + 1, i * 2)).collect::<Vec<_>>());
            let cancelled =
                Parallelism::threads(t).run_tasks(50, || (), |_, i| i, |finished, _| finished < 10);
            assert!(cancelled.is_none());
        }
    }
}
