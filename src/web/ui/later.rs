//! Staged rendering: parts of the page that appear at the same moment (a load finishing shows
//! the dataset card, the training form, the what-if panel and the data table) are built a
//! frame apart, so building their DOM and laying it out are several short main-thread tasks
//! instead of one long one.

use std::time::Duration;

use leptos::prelude::*;

/// Renders `children` after `frames` animation frames, each followed by a turn of the event
/// loop (so the frame's layout and paint of what came before run first).
#[component]
pub fn Later(
    /// Frames to wait. Default 1.
    #[prop(default = 1)]
    frames: u32,
    /// What to render.
    children: ChildrenFn,
) -> impl IntoView {
    let ready = RwSignal::new(false);
    after_frames(frames, move || {
        ready.try_set(true);
    });
    move || ready.get().then(|| children())
}

/// Calls `f` in a task of its own after the next frame (its style, layout and paint), so
/// that work and the frame's rendering are two short tasks rather than one long one.
pub fn after_frame(f: impl FnOnce() + 'static) {
    after_frames(1, f);
}

/// Calls `f` after `n` animation frames, each followed by a zero timeout.
pub fn after_frames(n: u32, f: impl FnOnce() + 'static) {
    if n == 0 {
        f();
        return;
    }
    request_animation_frame(move || set_timeout(move || after_frames(n - 1, f), Duration::ZERO));
}
