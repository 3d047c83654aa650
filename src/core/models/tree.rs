//! Placeholder: the tree model is built in its own change.

super::placeholder_model!(TreeParams, TreeModel, "tree");
