//! Placeholder: the svm-linear model is built in its own change.

super::placeholder_model!(SvmLinearParams, SvmLinearModel, "svm-linear");
