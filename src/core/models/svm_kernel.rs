//! Placeholder: the svm-kernel model is built in its own change.

super::placeholder_model!(SvmKernelParams, SvmKernelModel, "svm-kernel");
