//! Binary payloads that travel beside a protocol message.
//!
//! A session reads what came with a request through [`Payload`] (the browser's `ArrayBuffer`
//! and a plain `Vec<u8>` both implement it, so the same code runs in a worker and in a native
//! test), and names what goes back with an [`Outgoing`] value, which the worker glue turns
//! into a transferable buffer.

use crate::core::data::wire_join::Joiner;
use crate::core::data::{wire, Dataset};
use crate::core::eval::TestPredictions;
use crate::core::features::{train_matrix, Prepared, TrainMatrix};
use crate::core::Result;

/// A binary payload received beside a message.
pub trait Payload {
    /// Its bytes, copied.
    fn to_bytes(&self) -> Vec<u8>;

    /// Decodes framed blocks ([`wire::read_framed`]), copying each block once into its place.
    fn read_framed<T>(
        &self,
        decode: impl FnOnce(&[u8], &mut dyn FnMut(&mut [u8]) -> Result<()>) -> Result<T>,
    ) -> Result<T>;

    /// Decodes an encoded dataset part.
    fn to_dataset(&self) -> Result<Dataset> {
        self.read_framed(|header, fill| wire::decode_with(header, fill))
    }

    /// Decodes the training part of another worker's matrix ([`train_matrix`]).
    fn to_train_matrix(&self) -> Result<TrainMatrix> {
        self.read_framed(|header, fill| TrainMatrix::decode_with(header, fill))
    }

    /// Decodes a run's test predictions ([`TestPredictions::layout`]).
    fn to_predictions(&self) -> Result<TestPredictions> {
        self.read_framed(|header, fill| TestPredictions::decode_with(header, fill))
    }
}

/// Joins the encoded parts of one file, in file order, into one dataset: each value is copied
/// once, straight into its joined column ([`Joiner`]); parts whose columns differ in kind are
/// decoded and joined by [`Dataset::concat`]. Either way the dataset is the one `concat` makes.
pub fn join_parts<P: Payload>(parts: &[P]) -> Result<Dataset> {
    let mut joiner = Joiner::new();
    for part in parts {
        part.read_framed(|header, _| joiner.add_header(header))?;
    }
    match joiner.start()? {
        Some(mut joining) => {
            for part in parts {
                part.read_framed(|_, fill| joining.fill_part(fill))?;
            }
            joining.finish()
        }
        None => Ok(Dataset::concat(parts.iter().map(Payload::to_dataset).collect::<Result<_>>()?)),
    }
}

impl Payload for Vec<u8> {
    fn to_bytes(&self) -> Vec<u8> {
        self.clone()
    }

    fn read_framed<T>(
        &self,
        decode: impl FnOnce(&[u8], &mut dyn FnMut(&mut [u8]) -> Result<()>) -> Result<T>,
    ) -> Result<T> {
        wire::read_framed(self, decode)
    }
}

impl<P: Payload> Payload for std::sync::Arc<P> {
    fn to_bytes(&self) -> Vec<u8> {
        (**self).to_bytes()
    }

    fn read_framed<T>(
        &self,
        decode: impl FnOnce(&[u8], &mut dyn FnMut(&mut [u8]) -> Result<()>) -> Result<T>,
    ) -> Result<T> {
        (**self).read_framed(decode)
    }
}

/// A payload a session sends back beside its response, named by what it holds.
pub enum Outgoing<'a> {
    /// The current dataset, encoded ([`wire::Layout::new`]).
    Dataset(&'a Dataset),
    /// A run's test predictions ([`TestPredictions::layout`]; boxed, they are large).
    Predictions(Box<TestPredictions>),
    /// An exported model's UTF-8 JSON.
    ModelJson(Vec<u8>),
    /// A file's bytes, ready to save (a CSV).
    File(Vec<u8>),
    /// A boosting worker's row leaves of a round
    /// ([`row_leaves::encode`](crate::core::models::gbdt::row_leaves::encode)).
    RowLeaves(Vec<u8>),
    /// A logistic-regression worker's blocks' sums of one evaluation
    /// ([`partials::encode`](crate::core::models::logreg::partials::encode)).
    BlockSums(Vec<u8>),
    /// The training part of a matrix ([`train_matrix::layout`]), for another worker.
    Matrix(&'a Prepared),
    /// The request's payload number `.0`, sent back as it came (no copy in the browser).
    Echo(usize),
}

impl Outgoing<'_> {
    /// What it holds, for people and logs.
    pub fn name(&self) -> &'static str {
        match self {
            Outgoing::Dataset(_) => "dataset",
            Outgoing::Predictions(_) => "predictions",
            Outgoing::ModelJson(_) => "model",
            Outgoing::File(_) => "file",
            Outgoing::RowLeaves(_) => "row leaves",
            Outgoing::BlockSums(_) => "block sums",
            Outgoing::Matrix(_) => "training matrix",
            Outgoing::Echo(_) => "echo",
        }
    }

    /// Its bytes, as the receiver gets them (`received` is what came with the request, for
    /// [`Outgoing::Echo`]). The browser writes layouts straight into its buffers instead.
    pub fn to_bytes<P: Payload>(&self, received: &[P]) -> Vec<u8> {
        match self {
            Outgoing::Dataset(ds) => wire::encode(ds),
            Outgoing::Predictions(p) => p.encode(),
            Outgoing::Matrix(p) => wire::to_bytes(&train_matrix::layout(p)),
            Outgoing::ModelJson(bytes)
            | Outgoing::File(bytes)
            | Outgoing::RowLeaves(bytes)
            | Outgoing::BlockSums(bytes) => bytes.clone(),
            Outgoing::Echo(i) => received.get(*i).map(Payload::to_bytes).unwrap_or_default(),
        }
    }
}

/// A response and the payloads that go beside it, in order.
pub struct Reply<'a, R> {
    /// The message.
    pub response: R,
    /// What travels beside it.
    pub payloads: Vec<Outgoing<'a>>,
}

impl<'a, R> Reply<'a, R> {
    /// A response with nothing beside it.
    pub fn bare(response: R) -> Reply<'a, R> {
        Reply { response, payloads: Vec::new() }
    }
}
