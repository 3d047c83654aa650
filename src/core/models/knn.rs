//! Placeholder: the knn model is built in its own change.

super::placeholder_model!(KnnParams, KnnModel, "knn");
