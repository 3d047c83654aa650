//! [`Listed`]: settings with a fixed list of values, each with a stable id and a label.
//!
//! The page's `<select>`s, the command line's value lists and `--help`, and the messages that
//! refuse a value all come from [`Listed::VALUES`]: one source. The ids are the values' serde
//! names, so the same id works in a JSON config, on the command line and in the page.
//!
//! ```
//! use crimelab::core::features::Encoding;
//! use crimelab::core::listed::Listed;
//!
//! assert_eq!(Encoding::from_id("ordinal"), Some(Encoding::Ordinal));
//! assert_eq!(Encoding::Target.id(), "target");
//! let err = Encoding::parse("features", "one-hot").unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "features: encoding = \"one-hot\" is not valid; it must be one of: one_hot, ordinal, frequency, target."
//! );
//! ```

use crate::core::error::{Error, Result};

/// A setting whose values form a fixed list.
pub trait Listed: Sized + Clone + PartialEq + 'static {
    /// The setting's name in configs and messages (`encoding`, `split`).
    const SETTING: &'static str;

    /// Every value with its id and its label for people, in menu order.
    const VALUES: &'static [(Self, &'static str, &'static str)];

    /// The value's stable id.
    fn id(&self) -> &'static str {
        Self::VALUES.iter().find(|(v, _, _)| v == self).map_or("", |(_, id, _)| id)
    }

    /// The value's label for people.
    fn label(&self) -> &'static str {
        Self::VALUES.iter().find(|(v, _, _)| v == self).map_or("", |(_, _, label)| label)
    }

    /// The value with this id.
    fn from_id(id: &str) -> Option<Self> {
        Self::VALUES.iter().find(|(_, i, _)| *i == id).map(|(v, _, _)| v.clone())
    }

    /// Every id, in menu order.
    fn ids() -> Vec<&'static str> {
        Self::VALUES.iter().map(|(_, id, _)| *id).collect()
    }

    /// The value with this id, or an [`ErrorKind::InvalidParam`](crate::core::ErrorKind::InvalidParam)
    /// naming the setting and listing the valid ids.
    fn parse(owner: &str, id: &str) -> Result<Self> {
        Self::from_id(id.trim()).ok_or_else(|| {
            Error::invalid_param(
                owner,
                Self::SETTING,
                format!("\"{id}\""),
                format!("one of: {}", Self::ids().join(", ")),
            )
        })
    }
}
