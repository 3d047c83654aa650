//! Placeholder: the logreg model is built in its own change.

super::placeholder_model!(LogregParams, LogregModel, "logreg");
