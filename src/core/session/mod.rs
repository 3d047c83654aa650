//! Worker sessions: what each Web Worker does with a request, as plain Rust.
//!
//! * [`EngineSession`] holds the current dataset and answers every
//!   [`EngineRequest`](crate::core::protocol::EngineRequest) (the analysis worker, and the
//!   sandbox that reads model files);
//! * [`TrainerSession`] holds the trainer's copy of the dataset and its last training matrix,
//!   and answers every [`TrainerRequest`](crate::core::protocol::TrainerRequest) with progress
//!   through a callback that can cancel;
//! * [`LoadSession`] is the page's side of a load: the parts for the parse workers, their
//!   events in any order, a part parsed again from a true record boundary, the parts in order;
//! * [`Deadlines`] are the requests a worker owes an answer, each due within a silence;
//! * [`PageState`] is what the page shows, and `apply_engine` / `apply_trainer` turn each
//!   response into the new state and the [`page::Effects`] the page carries out;
//! * [`SplitRun`] is the page's bookkeeping of a forest trained by several trainer workers,
//!   [`SplitTune`] of a hyper-parameter search shared out over them;
//! * binary payloads come in through [`Payload`] and go out as [`Outgoing`] values.
//!
//! The worker glue only turns JavaScript messages into these calls and their replies back into
//! messages, so everything here is tested natively.

pub mod deadline;
pub mod engine;
pub mod fitted_share;
pub mod load;
pub mod page;
pub mod payload;
pub mod split_run;
pub mod split_tune;
pub mod test_scoring;
pub mod throttle;
pub mod trainer;

pub use deadline::Deadlines;
pub use engine::EngineSession;
pub use load::{LoadSession, LoadStep};
pub use page::PageState;
pub use payload::{Outgoing, Payload, Reply};
pub use split_run::SplitRun;
pub use split_tune::SplitTune;
pub use trainer::TrainerSession;
