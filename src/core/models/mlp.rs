//! Placeholder: the mlp model is built in its own change.

super::placeholder_model!(MlpParams, MlpModel, "mlp");
