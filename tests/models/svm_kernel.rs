//! Kernel SVM.

use crimelab::core::models::svm_kernel::SvmKernelParams;
use crimelab::core::models::{quiet, Learner, ModelParams};

fn params() -> ModelParams {
    ModelParams::SvmKernel(SvmKernelParams { sample_size: 800, ..Default::default() })
}

#[test]
fn svm_kernel_learns_on_the_sample() {
    super::assert_learns(&params(), [0.05, 0.03]);
}

#[test]
fn svm_kernel_is_reproducible_round_trips_and_cancels() {
    let quick = ModelParams::SvmKernel(SvmKernelParams { sample_size: 300, ..Default::default() });
    super::assert_reproducible_and_round_trips(&quick);
    super::assert_cancels(&quick);
}

#[test]
fn svm_kernel_records_the_sample_size() {
    let (data, _, _) = super::train_data("part12", 4, false);
    let p = SvmKernelParams { sample_size: 400, ..Default::default() };
    let model = p.fit(&data, &mut quiet()).unwrap();
    // Stratified: each class gets its rounded share, so the total is within one per class.
    assert!((399..=401).contains(&model.sample_size), "{}", model.sample_size);
    assert!(model.support_vectors() > 0 && model.support_vectors() <= model.sample_size);
    assert!(SvmKernelParams { sample_size: 10, ..Default::default() }.validate().is_err());
}
