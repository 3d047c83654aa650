//! Placeholder: the gbdt model is built in its own change.

super::placeholder_model!(GbdtParams, GbdtModel, "gbdt");
