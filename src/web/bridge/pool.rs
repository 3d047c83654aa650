//! A pool of started parse workers, so a load does not wait for workers to boot.
//!
//! A worker's wasm memory never shrinks, so workers are used for one load only: afterwards they
//! are terminated (returning their memory) and fresh ones are started a little later, when the
//! page is idle.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::spawn::WorkerLink;
use super::with;

/// A parse worker and the job (load id, part index) its messages belong to.
pub struct ParseWorker {
    link: WorkerLink,
    job: Rc<Cell<Option<(u64, usize)>>>,
}

impl ParseWorker {
    fn spawn() -> Result<ParseWorker, String> {
        let job: Rc<Cell<Option<(u64, usize)>>> = Rc::new(Cell::new(None));
        let (on_msg, on_crash) = (job.clone(), job.clone());
        let link = WorkerLink::spawn(
            move |envelope| {
                if let Some((id, index)) = on_msg.get() {
                    with(|b| b.on_parse_event(id, index, envelope));
                }
            },
            move |message| {
                if on_crash.get().is_some() {
                    with(|b| {
                        b.fail_load(format!(
                            "The parser stopped ({message}). The file may be too large for this browser's memory."
                        ))
                    });
                }
            },
        )?;
        Ok(ParseWorker { link, job })
    }

    /// Binds the worker to part `index` of load `id`.
    pub fn assign(&self, id: u64, index: usize) {
        self.job.set(Some((id, index)));
    }

    /// The worker's link, to post to it.
    pub fn link(&self) -> &WorkerLink {
        &self.link
    }

    /// Stops the worker.
    pub fn terminate(&self) {
        self.job.set(None);
        self.link.terminate();
    }
}

/// Idle parse workers.
#[derive(Default)]
pub struct Pool {
    idle: RefCell<Vec<ParseWorker>>,
    size: Cell<usize>,
}

impl Pool {
    /// Starts `size` workers.
    pub fn fill(&self, size: usize) {
        self.size.set(size);
        let mut idle = self.idle.borrow_mut();
        while idle.len() < size {
            match ParseWorker::spawn() {
                Ok(w) => idle.push(w),
                Err(_) => break, // reported when a load needs one
            }
        }
    }

    /// Takes `n` workers, starting more if the pool has fewer.
    pub fn take(&self, n: usize) -> Result<Vec<ParseWorker>, String> {
        let mut idle = self.idle.borrow_mut();
        let mut out: Vec<ParseWorker> = Vec::with_capacity(n);
        // Prefer workers that are already up.
        idle.sort_by_key(|w| w.link.is_ready());
        while out.len() < n {
            match idle.pop() {
                Some(w) => out.push(w),
                None => out.push(ParseWorker::spawn()?),
            }
        }
        Ok(out)
    }

    /// Refills the pool after `delay_ms`, once the page is idle again.
    pub fn refill_later(&self, delay_ms: i32) {
        let callback = Closure::once_into_js(move || with(|b| b.pool.fill(b.pool.size.get())));
        if let Some(window) = web_sys::window() {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), delay_ms);
        }
    }
}
