//! Placeholder: the random-forest model is built in its own change.

super::placeholder_model!(ForestParams, ForestModel, "random-forest");
