//! Placeholder: the naive-bayes model is built in its own change.

super::placeholder_model!(NaiveBayesParams, NaiveBayesModel, "naive-bayes");
