//! Work spread over threads, with results that never depend on how many.
//!
//! [`Parallelism`] is the explicit setting (`--threads N` natively; one thread in a wasm
//! worker, where the browser's parallelism comes from several workers instead). Its helpers
//! only ever run *independent* pieces of work side by side and hand their results back in the
//! pieces' order, so the caller reduces them in a fixed order:
//!
//! * [`Parallelism::map`]: one result per item (row blocks, classes, columns), each item
//!   taken in order by the next free thread, each thread with its own scratch state.
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

    /// `f(state, index, item)` for every item, each item taken in order by whichever thread
    /// is free next (so uneven items balance: a round's trees of different sizes), each thread
    /// with its own `states[g]`; the results in item order. At most `states.len()` threads are
    /// used, so callers keep per-thread scratch memory across calls; a state must never change
    /// what `f` returns.
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
        let n = items.len();
        let queue = std::sync::Mutex::new(items.into_iter().enumerate());
        let (f, queue) = (&f, &queue);
        let work = move |state: &mut S| {
            let mut done = Vec::new();
            loop {
                // (The lock is released before `f` runs. A panic in `f` is resumed below; the
                // queue stays usable meanwhile.)
                let next = queue.lock().unwrap_or_else(|p| p.into_inner()).next();
                let Some((i, item)) = next else { return done };
                done.push((i, f(state, i, item)));
            }
        };
        let finished = std::thread::scope(|scope| {
            let (own, others) = states[..groups].split_first_mut().expect("two states or more");
            let handles: Vec<_> = others.iter_mut().map(|state| scope.spawn(move || work(state))).collect();
            let mut finished = work(own);
            for h in handles {
                finished.extend(h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
            }
            finished
        });
        let mut out: Vec<Option<R>> = (0..n).map(|_| None).collect();
        for (i, r) in finished {
            out[i] = Some(r);
        }
        out.into_iter().map(|r| r.expect("every item was taken")).collect()
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

    /// `f(range)` for the rows `0..rows` cut into consecutive blocks of `block` rows, spread
    /// over the threads; the blocks' outputs joined in row order. For per-row outputs such as
    /// predictions: the blocks do not depend on the thread count, so neither does the result.
    pub fn row_blocks<R, F>(self, rows: usize, block: usize, f: F) -> Vec<R>
    where
        R: Send,
        F: Fn(std::ops::Range<usize>) -> Vec<R> + Sync,
    {
        let block = block.max(1);
        let ranges: Vec<_> =
            (0..rows.div_ceil(block)).map(|b| b * block..((b + 1) * block).min(rows)).collect();
        self.map(ranges, |_, range| f(range)).into_iter().flatten().collect()
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

/// `0..n` cut into `parts` consecutive ranges whose lengths differ by at most one, the longer
/// ones spread out rather than first: any run of consecutive parts holds as nearly its share
/// of `n` as whole lengths allow (part `i` ends at `⌊(i + 1) · n / parts⌋`).
pub fn spread_ranges(n: usize, parts: usize) -> Vec<std::ops::Range<usize>> {
    let parts = parts.max(1);
    let end = |i: usize| ((i as u128 * n as u128) / parts as u128) as usize;
    (0..parts).map(|i| end(i)..end(i + 1)).collect()
}

/// `slice` cut into consecutive blocks of `block` items (the last may be shorter).
pub fn blocks_mut<T>(slice: &mut [T], block: usize) -> Vec<&mut [T]> {
    slice.chunks_mut(block.max(1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_ranges_balance_every_run_of_parts() {
        assert_eq!(spread_ranges(10, 3), vec![0..3, 3..6, 6..10]);
        assert_eq!(spread_ranges(0, 2), vec![0..0, 0..0]);
        // 159 chunks in 24 blocks: each half of the blocks holds 79 or 80 chunks.
        let blocks = spread_ranges(159, 24);
        assert_eq!(blocks.iter().map(|r| r.len()).sum::<usize>(), 159);
        assert!(blocks.iter().all(|r| r.len() == 6 || r.len() == 7));
        assert_eq!((blocks[11].end, 159 - blocks[11].end), (79, 80));
    }

    #[test]
    fn map_keeps_item_order_for_any_thread_count() {
        for t in [1, 2, 3, 8] {
            let out = Parallelism::threads(t).map((0..100).collect(), |i, x: u64| (i as u64) * 1000 + x * x);
            assert_eq!(out, (0..100u64).map(|x| x * 1000 + x * x).collect::<Vec<_>>());
        }
    }

    #[test]
    fn map_with_balances_uneven_items_and_keeps_their_order() {
        // Item 0 does not end before every other item has: with items shared out as threads
        // come free, the second thread takes them all while the first waits (with contiguous
        // groups per thread, the first thread would hold items 1 and 2 behind item 0).
        let others_done = AtomicUsize::new(0);
        let mut states = vec![Vec::new(), Vec::new()];
        let out = Parallelism::threads(2).map_with(&mut states, (0..6u64).collect(), |seen, i, x| {
            if i == 0 {
                let started = std::time::Instant::now();
                while others_done.load(Ordering::SeqCst) < 5 {
                    assert!(started.elapsed().as_secs() < 60, "items 1 to 5 waited behind item 0");
                    std::thread::yield_now();
                }
            } else {
                others_done.fetch_add(1, Ordering::SeqCst);
            }
            seen.push(i);
            x * 10
        });
        assert_eq!(out, vec![0, 10, 20, 30, 40, 50]);
        let mut states: Vec<Vec<usize>> = states;
        states.sort();
        assert_eq!(states, vec![vec![0], vec![1, 2, 3, 4, 5]]);
    }

    #[test]
    #[should_panic(expected = "item 3")]
    fn map_with_passes_a_panic_on() {
        let mut states = vec![(), ()];
        Parallelism::threads(2).map_with(&mut states, (0..8).collect(), |_, _, x: u32| {
            assert!(x != 3, "item 3");
            x
        });
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
